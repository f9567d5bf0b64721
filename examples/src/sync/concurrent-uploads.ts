// Upload several files at once without promises: the callback form of each method returns at once and the
// worker runs the uploads side by side; every callback reports its own outcome, as Promise.allSettled would.
// Usage: node dist/sync/concurrent-uploads.js a.jsonl b.jsonl c.jsonl
import { TogetherSync } from '@together-files/sync';

const client = new TogetherSync();

const paths = process.argv.slice(2);
let pending = paths.length;
let succeeded = 0;
for (const path of paths) {
  client.files.upload({ file: path, purpose: 'fine-tune' }, (error, file) => {
    if (error || !file) {
      console.log(`failed ${path}: ${error?.message}`);
    } else {
      succeeded += 1;
      console.log(`uploaded ${path} as ${file.id}`);
    }
    pending -= 1;
    if (pending === 0) console.log(`${succeeded} of ${paths.length} uploads succeeded`);
  });
}
