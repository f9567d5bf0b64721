// An upload-only program with the client class: a File from a form, checked, then uploaded.
import { Together } from '@together-files/client';

const client = new Together({ apiKey: 'key' });
const input = document.querySelector('input[type=file]');
console.log(await client.files.upload({ file: input.files[0], purpose: 'fine-tune' }));
