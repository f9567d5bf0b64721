// Delete every file older than N days (default 30), with blocking calls.
// Usage: node dist/sync/cleanup-old-files.js [days]
import { TogetherSync } from '@together-files/sync';

const client = new TogetherSync();

const days = Number(process.argv[2] ?? 30);
const cutoffSeconds = Date.now() / 1000 - days * 24 * 60 * 60;

const files = client.files.list();
const old = files.data.filter((file) => file.created_at < cutoffSeconds);
for (const file of old) {
  const result = client.files.delete(file.id);
  console.log(`${result.deleted ? 'deleted' : 'could not delete'} ${file.id} (${file.filename})`);
}
console.log(`Deleted ${old.length} files older than ${days} days; ${files.data.length - old.length} kept`);
