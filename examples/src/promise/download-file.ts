// Download a file's content to a local file (streamed to a temp file, then renamed into place).
// Usage: node dist/promise/download-file.js <file id> [output path]
import { Together } from '@together-files/client';

const client = new Together();

const id = process.argv[2];
if (!id) throw new Error('usage: download-file <file id> [output path]');
const output = process.argv[3] ?? `${id}.jsonl`;

const saved = await client.files.retrieveContent(id, { output });
console.log(`Saved ${saved.bytes} bytes to ${saved.path}`);
console.log(`sha256 ${saved.sha256}`);
