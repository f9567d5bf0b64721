// "Create a client and list files" through core's functions: the smallest way in (see the client README).
import { createFilesContext, listFiles } from '@together-files/core';

const context = createFilesContext({ apiKey: 'key' });
console.log(await listFiles(context));
