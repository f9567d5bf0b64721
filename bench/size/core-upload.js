// An upload-only program through core's functions: a File from a form, checked, then uploaded.
import { createFilesContext, uploadFile } from '@together-files/core';

const context = createFilesContext({ apiKey: 'key' });
const input = document.querySelector('input[type=file]');
console.log(await uploadFile(context, { file: input.files[0], purpose: 'fine-tune' }));
