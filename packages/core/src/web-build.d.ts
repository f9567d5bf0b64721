/**
 * `true` in the web build (tsup.config.base.ts defines it there), undeclared elsewhere. Read it only as
 * `typeof __TOGETHER_FILES_WEB__ === 'boolean' && __TOGETHER_FILES_WEB__`, inline at the branch it decides: esbuild
 * folds that to `true` in the same expression and drops the other branch with the `import()` in it, so Node-only
 * modules are not even chunks of the web build. A constant in a shared module would not fold across modules.
 */
declare const __TOGETHER_FILES_WEB__: boolean | undefined;
