// "Create a client and list files" with the client class, as a browser app would write it.
import { Together } from '@together-files/client';

const client = new Together({ apiKey: 'key' });
console.log(await client.files.list());
