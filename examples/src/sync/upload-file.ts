// Basic upload with the sync client: the call blocks until the file is uploaded, like the Python SDK's.
// Usage: node dist/sync/upload-file.js data.jsonl
import { TogetherSync } from '@together-files/sync';

// Reads TOGETHER_API_KEY (and TOGETHER_BASE_URL, when set) from the environment.
const client = new TogetherSync();

const path = process.argv[2] ?? 'data.jsonl';
const file = client.files.upload({ file: path, purpose: 'fine-tune' });

// The service knows files by content: the same bytes again make no new file, and the result says so. Such a file
// was not created here, so code that cleans up after itself must not delete it.
if (file.already_existed) console.log(`${path} was already uploaded as ${file.id} (${file.filename})`);
else console.log(`Uploaded ${file.filename} (${file.bytes} bytes) as ${file.id}`);
