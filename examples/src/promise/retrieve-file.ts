// Retrieve one file's metadata by id.
// Usage: node dist/promise/retrieve-file.js file-d0d318cb-b7d9-493a-bd70-1cfe089d3815
import { Together } from '@together-files/client';

const client = new Together();

const id = process.argv[2];
if (!id) throw new Error('usage: retrieve-file <file id>');

const file = await client.files.retrieve(id);
console.log(`id:         ${file.id}`);
console.log(`filename:   ${file.filename}`);
console.log(`bytes:      ${file.bytes}`);
console.log(`purpose:    ${file.purpose}`);
console.log(`type:       ${file.FileType}`);
console.log(`created_at: ${new Date(file.created_at * 1000).toISOString()}`);
