// Delete every file older than N days (default 30).
// Usage: node dist/promise/cleanup-old-files.js [days]
import { Together } from '@together-files/client';

const client = new Together();

const days = Number(process.argv[2] ?? 30);
const cutoffSeconds = Date.now() / 1000 - days * 24 * 60 * 60;

const files = await client.files.list();
const old = files.data.filter((file) => file.created_at < cutoffSeconds);
for (const file of old) {
  const result = await client.files.delete(file.id);
  console.log(`${result.deleted ? 'deleted' : 'could not delete'} ${file.id} (${file.filename})`);
}
console.log(`Deleted ${old.length} files older than ${days} days; ${files.data.length - old.length} kept`);
