// List every file of the account with its name, size and purpose.
// Usage: node dist/promise/list-files.js
import { Together } from '@together-files/client';

const client = new Together();

const files = await client.files.list();
for (const file of files.data) {
  console.log(`${file.id}  ${file.filename}  ${file.bytes} bytes  ${file.purpose}`);
}
console.log(`${files.data.length} files`);
