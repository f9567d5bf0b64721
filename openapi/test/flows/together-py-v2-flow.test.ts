// The upload flows of the official Python SDK v2 (togethercomputer/together-py), replayed against our server.
// Source: src/together/lib/resources/files.py at e51d8712f1b722bca2be4ccc138b4319c9030048 (read through the search
// tool's stored copy, so cited by function and statement rather than line number):
// - `UploadManager.get_upload_url`: `self._client.post(path=url, body=data, options={"headers": {"Content-Type":
//   "multipart/form-data"}, "follow_redirects": False})` with purpose, file_name, file_type, then `Location` and
//   `X-Together-File-Id` from the 302;
// - `UploadManager._upload_single_file`: `self._client._client.put(url=redirect_url, content=...)`, only 200
//   counts, then `self.callback(f"{url}/{file_id}/preprocess")`, whose answer is the FileResponse;
// - `MultipartUploadManager._initiate_upload`: a JSON `POST files/multipart/initiate` with file_name, file_size,
//   num_parts, purpose, file_type.
// The `checksum` field (sha256 hex) on these calls and the 409 `{ file_id }` for bytes the service has already are
// the contract's (shared files-api.md: "initiate (with `checksum`, as Python v2 sends it; a 409 `{file_id}` means
// the bytes exist)"); the stored together-py versions read for this work do not show them yet.
import { expect, test } from 'vitest';
import { AUTH, dataset, sha256, useServer } from './server.js';

const server = useServer();

function form(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

test('multipart-form POST /files with checksum → PUT → preprocess; the same bytes again → 409 { file_id }', async () => {
  const bytes = dataset(15, 'python-v2');
  const checksum = sha256(bytes);
  const fields = { purpose: 'fine-tune', file_name: 'v2.jsonl', file_type: 'jsonl', checksum };
  const created = await fetch(`${server().baseURL}/files`, {
    method: 'POST',
    headers: AUTH,
    body: form(fields),
    redirect: 'manual',
  });
  expect(created.status).toBe(302);
  const fileId = created.headers.get('X-Together-File-Id')!;
  const put = await fetch(created.headers.get('Location')!, { method: 'PUT', body: bytes });
  expect(put.status).toBe(200);
  const preprocess = await fetch(`${server().baseURL}/files/${fileId}/preprocess`, {
    method: 'POST',
    headers: AUTH,
  });
  expect(preprocess.status).toBe(200);
  expect(await preprocess.json()).toMatchObject({ id: fileId, bytes: bytes.length, filename: 'v2.jsonl' });

  // The same bytes again, announced by their checksum: the service answers with the file it has.
  const again = await fetch(`${server().baseURL}/files`, {
    method: 'POST',
    headers: AUTH,
    body: form(fields),
    redirect: 'manual',
  });
  expect(again.status).toBe(409);
  expect(await again.json()).toMatchObject({ file_id: fileId });

  // And on the multipart path, where v2 sends the checksum on initiate.
  const initiate = await fetch(`${server().baseURL}/files/multipart/initiate`, {
    method: 'POST',
    headers: { ...AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      file_name: 'v2.jsonl',
      file_size: bytes.length,
      num_parts: 1,
      purpose: 'fine-tune',
      file_type: 'jsonl',
      checksum,
    }),
  });
  expect(initiate.status).toBe(409);
  expect(await initiate.json()).toMatchObject({ file_id: fileId });
});

test('multipart initiate with a new checksum → parts → complete; then initiate again → 409 { file_id }', async () => {
  // Two parts of 5 MiB and a little: the smallest multipart the service takes (S3's 5 MiB minimum part).
  const bytes = new Uint8Array(Buffer.concat([dataset(1, 'mp'), Buffer.alloc(5 * 1024 * 1024 + 100, 0x20)]));
  const checksum = sha256(bytes);
  const body = {
    file_name: 'big.jsonl',
    file_size: bytes.length,
    num_parts: 2,
    purpose: 'batch-api',
    file_type: 'jsonl',
    checksum,
  };
  const initiate = async () =>
    fetch(`${server().baseURL}/files/multipart/initiate`, {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const started = await initiate();
  expect(started.status).toBe(200);
  const upload = await started.json();
  const half = 5 * 1024 * 1024;
  const etags: { part_number: number; etag: string }[] = [];
  for (const part of upload.parts) {
    const slice = part.PartNumber === 1 ? bytes.subarray(0, half) : bytes.subarray(half);
    const put = await fetch(part.URL, { method: 'PUT', headers: part.Headers, body: slice });
    expect(put.status).toBe(200);
    etags.push({ part_number: part.PartNumber, etag: put.headers.get('ETag')!.replace(/"/g, '') });
  }
  const complete = await fetch(`${server().baseURL}/files/multipart/complete`, {
    method: 'POST',
    headers: { ...AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify({ upload_id: upload.upload_id, file_id: upload.file_id, parts: etags }),
  });
  expect(complete.status).toBe(200);
  const again = await initiate();
  expect(again.status).toBe(409);
  expect(await again.json()).toMatchObject({ file_id: upload.file_id });
});
