// "Create a client and list files" through core's functions: the smallest way in (see the client README).
import { createFilesFetch, listFiles } from '@together-files/core';

const context = createFilesFetch({ apiKey: 'key' });
console.log(await listFiles(context));
