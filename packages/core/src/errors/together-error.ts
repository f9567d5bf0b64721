/** The property, shared by every copy of this package, that lists the error names an instance carries. */
const NAMES = Symbol.for('together-files.error.names');
/** The static property naming each error class (so minified class names do not matter). */
const CLASS_NAME = Symbol.for('together-files.error.class-name');

type Branded = { [CLASS_NAME]?: string };

/**
 * The base of every error this SDK throws; also thrown for bad input found before any request.
 * `instanceof` works across duplicate copies of the package: it compares names recorded on the
 * instance (under a `Symbol.for` key), not prototypes.
 */
export class TogetherError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const names: string[] = [];
    for (let ctor: unknown = new.target; typeof ctor === 'function'; ctor = Object.getPrototypeOf(ctor)) {
      if (Object.hasOwn(ctor, CLASS_NAME)) names.push((ctor as Branded)[CLASS_NAME]!);
    }
    Object.defineProperty(this, NAMES, { value: names });
  }

  /** Tests the names recorded on `value`, so errors from another copy of this package match too. */
  static override [Symbol.hasInstance]<T>(
    this: abstract new (
      ...args: never[]
    ) => T,
    value: unknown,
  ): value is T {
    if (typeof value !== 'object' || value === null) return false;
    // biome-ignore-start lint/complexity/noThisInStatic: `this` is the class right of `instanceof`, often a subclass.
    const own = Object.hasOwn(this, CLASS_NAME) ? (this as Branded)[CLASS_NAME] : undefined;
    const names = (value as { [NAMES]?: unknown })[NAMES];
    // A user's subclass has no name of its own: fall back to the ordinary prototype test.
    if (own === undefined || !Array.isArray(names)) {
      return Function.prototype[Symbol.hasInstance].call(this, value);
    }
    // biome-ignore-end lint/complexity/noThisInStatic: see above.
    return names.includes(own);
  }
}

/** Gives an error class its stable name: `error.name`, and the key of cross-copy `instanceof`. */
export function nameErrorClass(ctor: abstract new (...args: never[]) => Error, name: string): void {
  Object.defineProperty(ctor, CLASS_NAME, { value: name });
  Object.defineProperty(ctor.prototype, 'name', { value: name, writable: true, configurable: true });
}

nameErrorClass(TogetherError, 'TogetherError');
