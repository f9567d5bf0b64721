// The upload flow of the official Python SDK v1 (togethercomputer/together-python), replayed against our server.
// Sources at eba5e5f034a391df90e4a8336546314be78ba058:
// - src/together/resources/files.py lines 54-59: files up to the multipart threshold go to
//   `UploadManager.upload("files", file, purpose=purpose, redirect=True)`;
// - src/together/filemanager.py lines 282-306 (`get_upload_url`): purpose, file_name and file_type as `params` of
//   a POST with `allow_redirects=False`, which src/together/abstract/api_requestor.py lines 440-442 send as
//   requests' `data=`, an urlencoded body; lines 308-311: 302, `Location`, `X-Together-File-Id`;
// - src/together/filemanager.py lines 369-379: PUT of the file object to the redirect URL (requests sets
//   Content-Length from the file); 392-396: only 200 counts; 398: `POST {url}/{file_id}/preprocess`, whose answer
//   is the FileResponse (402).
import { expect, test } from 'vitest';
import { AUTH, dataset, useServer } from './server.js';

const server = useServer();

test('urlencoded POST /files → PUT → preprocess answers the file', async () => {
  const bytes = dataset(12, 'python-v1');
  const created = await fetch(`${server().baseURL}/files`, {
    method: 'POST',
    headers: { ...AUTH, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ purpose: 'fine-tune', file_name: 'v1.jsonl', file_type: 'jsonl' }).toString(),
    redirect: 'manual',
  });
  expect(created.status).toBe(302);
  const location = created.headers.get('Location')!;
  const fileId = created.headers.get('X-Together-File-Id')!;

  const put = await fetch(location, {
    method: 'PUT',
    headers: { 'Content-Length': String(bytes.length) },
    body: bytes,
  });
  expect(put.status).toBe(200);

  const preprocess = await fetch(`${server().baseURL}/files/${fileId}/preprocess`, {
    method: 'POST',
    headers: AUTH,
  });
  expect(preprocess.status).toBe(200);
  // The fields v1's FileResponse reads (src/together/types/files.py lines 50-66), with their wire names.
  expect(await preprocess.json()).toMatchObject({
    id: fileId,
    object: 'file',
    filename: 'v1.jsonl',
    bytes: bytes.length,
    purpose: 'fine-tune',
    FileType: 'jsonl',
    Processed: true,
  });
  const content = await fetch(`${server().baseURL}/files/${fileId}/content`, { headers: AUTH });
  expect(Buffer.from(await content.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
});
