declare const __TOGETHER_FILES_VERSION__: string | undefined;

/** The version of `@together-files/core`, sent in the user agent (set by the build; `dev` when run from source). */
export const VERSION: string =
  typeof __TOGETHER_FILES_VERSION__ === 'string' ? __TOGETHER_FILES_VERSION__ : 'dev';
