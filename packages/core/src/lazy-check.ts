// What `checkFile` of ../lazy-operations.ts loads: the check's one function, through a module that names only it. An
// `import()` keeps every export of the module it loads (a bundler cannot tell which the caller reads), so importing
// the check's entry itself would keep its stream check and worker entry too, which only Node's code calls.
export { checkFile } from '@together-files/check';
