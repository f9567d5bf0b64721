// List every file of the account with its name, size and purpose (blocking).
// Usage: node dist/sync/list-files.js
import { TogetherSync } from '@together-files/sync';

const client = new TogetherSync();

const files = client.files.list();
for (const file of files.data) {
  console.log(`${file.id}  ${file.filename}  ${file.bytes} bytes  ${file.purpose}`);
}
console.log(`${files.data.length} files`);
