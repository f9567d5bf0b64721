// synckit's side of the comparison: the same promise client, behind synckit's runAsWorker.
import { Together } from '@together-files/client';
import { runAsWorker } from 'synckit';

let client;

runAsWorker(async (options, method, ...args) => {
  client ??= new Together(options);
  return client.files[method](...args);
});
