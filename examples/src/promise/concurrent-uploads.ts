// Upload several files at once and report each outcome: Promise.allSettled keeps the successes when one fails.
// Usage: node dist/promise/concurrent-uploads.js a.jsonl b.jsonl c.jsonl
import { Together } from '@together-files/client';

const client = new Together();

const paths = process.argv.slice(2);
const results = await Promise.allSettled(
  paths.map((path) => client.files.upload({ file: path, purpose: 'fine-tune' })),
);

results.forEach((result, index) => {
  if (result.status === 'fulfilled') {
    console.log(`uploaded ${paths[index]} as ${result.value.id}`);
  } else {
    const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
    console.log(`failed ${paths[index]}: ${reason}`);
  }
});
const succeeded = results.filter((result) => result.status === 'fulfilled').length;
console.log(`${succeeded} of ${paths.length} uploads succeeded`);
