// The operations whose code an app downloads only when it first calls one: uploads (check, hashing, multipart,
// transfers), content downloads (resumable streaming, temp file, hashing) and the dataset check (with its Parquet
// reader). Each export is the real function of the module it names, typed as that function, so editors show that
// function's docs; its module is fetched by the `import()` of the first call. A static import would put them all
// in the chunk every app loads first, even one that only lists files (packages/client/test/lazy-loading.test.ts).

/** `name` of the module `load` imports, as a function that imports the module on the first call. */
function onFirstCall<Module, Name extends keyof Module>(
  load: () => Promise<Module>,
  name: Name,
): Module[Name] {
  const call = async (...args: unknown[]) => {
    const loaded = (await load())[name] as (...args: unknown[]) => unknown;
    return loaded(...args);
  };
  return call as Module[Name];
}

export const uploadFile = /* @__PURE__ */ onFirstCall(() => import('./upload/upload-file.js'), 'uploadFile');
const contentDownload = () => import('./operations/content-download.js');
export const retrieveContentText = /* @__PURE__ */ onFirstCall(contentDownload, 'retrieveContentText');
export const retrieveContentToFile = /* @__PURE__ */ onFirstCall(contentDownload, 'retrieveContentToFile');
export const contentStream = /* @__PURE__ */ onFirstCall(contentDownload, 'contentStream');
export const checkFile = /* @__PURE__ */ onFirstCall(() => import('./lazy-check.js'), 'checkFile');
