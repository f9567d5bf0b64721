// The floor of any worker-backed blocking client: the same promise client behind one postMessage each way, a shared
// counter and Atomics.notify, with nothing else (no ids, no deadlines, no error mapping). per-call.mjs times it so
// the cost of the thread hop itself can be told apart from the cost of our code.
import { parentPort, workerData } from 'node:worker_threads';
import { Together } from '@together-files/client';

const client = new Together(workerData.options);
const { port, signal } = workerData;

parentPort.on('message', ({ method, id }) => {
  const pending = method === 'list' ? client.files.list() : client.files.retrieve(id);
  pending.then((value) => {
    port.postMessage(value);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});
