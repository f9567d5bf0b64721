// Basic upload: check a fine-tuning dataset locally, upload it, print its id.
// Usage: node dist/promise/upload-file.js data.jsonl
import { Together } from '@together-files/client';

// Reads TOGETHER_API_KEY (and TOGETHER_BASE_URL, when set) from the environment.
const client = new Together();

const path = process.argv[2] ?? 'data.jsonl';
const file = await client.files.upload({ file: path, purpose: 'fine-tune' });

// The service knows files by content: the same bytes again make no new file, and the result says so. Such a file
// was not created here, so code that cleans up after itself must not delete it.
if (file.already_existed) console.log(`${path} was already uploaded as ${file.id} (${file.filename})`);
else console.log(`Uploaded ${file.filename} (${file.bytes} bytes) as ${file.id}`);
