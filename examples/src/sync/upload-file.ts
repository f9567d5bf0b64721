// Basic upload with the sync client: the call blocks until the file is uploaded, like the Python SDK's.
// Usage: node dist/sync/upload-file.js data.jsonl
import { TogetherSync } from '@together-files/sync';

// Reads TOGETHER_API_KEY (and TOGETHER_BASE_URL, when set) from the environment.
const client = new TogetherSync();

const path = process.argv[2] ?? 'data.jsonl';
const file = client.files.upload({ file: path, purpose: 'fine-tune' });

console.log(`Uploaded ${file.filename} (${file.bytes} bytes) as ${file.id}`);
