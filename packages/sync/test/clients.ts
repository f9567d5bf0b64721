// The clients under test, each seen through the same promise-returning adapter.
import { Together, type TogetherOptions } from '@together-files/client';
import { type NodeCallback, TogetherSync } from '@together-files/sync';
import type { ClientAdapter } from './behaviour-table.ts';

/** The promise client as it is. */
export function promiseAdapter(options: TogetherOptions): { adapter: ClientAdapter; close(): void } {
  const { files } = new Together(options);
  const adapter: ClientAdapter = {
    upload: (upload) => files.upload(upload),
    list: () => files.list(),
    retrieve: (id) => files.retrieve(id),
    retrieveContent: (id) => files.retrieveContent(id),
    // Spelled as a literal: a value typed as the output options would match the string overload first.
    download: (id, { output, onProgress, signal }) =>
      files.retrieveContent(id, { output, onProgress, signal }),
    delete: (id) => files.delete(id),
    check: (file, check) => files.check(file, check),
    waitForProcessing: (id, wait) => files.waitForProcessing(id, wait),
  };
  return { adapter, close() {} };
}

/** The sync client's blocking form, each call wrapped in a promise. */
export function blockingAdapter(options: TogetherOptions): { adapter: ClientAdapter; close(): void } {
  const client = new TogetherSync(options);
  const { files } = client;
  const adapter: ClientAdapter = {
    upload: async (upload) => files.upload(upload),
    list: async () => files.list(),
    retrieve: async (id) => files.retrieve(id),
    retrieveContent: async (id) => files.retrieveContent(id),
    download: async (id, download) => files.retrieveContent(id, download),
    delete: async (id) => files.delete(id),
    check: async (file, check) => files.check(file, check),
    waitForProcessing: async (id, wait) => files.waitForProcessing(id, wait),
  };
  return { adapter, close: () => client.close() };
}

/** The sync client's callback form, each callback turned into a promise. */
export function callbackAdapter(options: TogetherOptions): { adapter: ClientAdapter; close(): void } {
  const client = new TogetherSync(options);
  const { files } = client;
  const settle = <T>(start: (callback: NodeCallback<T>) => void) =>
    new Promise<T>((resolve, reject) =>
      start((error, value) => (error ? reject(error) : resolve(value as T))),
    );
  const adapter: ClientAdapter = {
    upload: (upload) => settle((callback) => files.upload(upload, callback)),
    list: () => settle((callback) => files.list(callback)),
    retrieve: (id) => settle((callback) => files.retrieve(id, callback)),
    retrieveContent: (id) => settle((callback) => files.retrieveContent(id, callback)),
    download: (id, download) => settle((callback) => files.retrieveContent(id, download, callback)),
    delete: (id) => settle((callback) => files.delete(id, callback)),
    check: (file, check) => settle((callback) => files.check(file, check, callback)),
    waitForProcessing: (id, wait) => settle((callback) => files.waitForProcessing(id, wait, callback)),
  };
  return { adapter, close: () => client.close() };
}
