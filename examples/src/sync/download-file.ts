// Download a file's content to a local file (blocking; the worker streams it to disk).
// Usage: node dist/sync/download-file.js <file id> [output path]
import { TogetherSync } from '@together-files/sync';

const client = new TogetherSync();

const id = process.argv[2];
if (!id) throw new Error('usage: download-file <file id> [output path]');
const output = process.argv[3] ?? `${id}.jsonl`;

const saved = client.files.retrieveContent(id, { output });
console.log(`Saved ${saved.bytes} bytes to ${saved.path}`);
console.log(`sha256 ${saved.sha256}`);
