// Upload several files one after another with blocking calls, keeping going when one of them fails.
// Usage: node dist/sync/upload-many.js train.jsonl validation.jsonl ...
import { FileCheckError, TogetherSync } from '@together-files/sync';

const client = new TogetherSync();

const paths = process.argv.slice(2);
const uploaded: string[] = [];
for (const path of paths) {
  try {
    const file = client.files.upload({ file: path, purpose: 'fine-tune' });
    uploaded.push(file.id);
    console.log(`uploaded ${path} as ${file.id}`);
  } catch (error) {
    if (error instanceof FileCheckError) {
      // Refused before any byte was sent: the report says what is wrong, and where.
      console.log(`refused ${path}: ${error.report.message} (line ${error.report.line_number ?? '-'})`);
    } else {
      console.log(`failed ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
console.log(`${uploaded.length} of ${paths.length} files uploaded`);
