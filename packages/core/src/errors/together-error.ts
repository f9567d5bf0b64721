/**
 * The marker every error of this SDK carries: the names of its class and of the classes it extends. A `Symbol.for`
 * key is shared by every copy of the package loaded in a process (two versions in `node_modules`, a bundled and a
 * required copy), so an error made by one copy is recognised by another. The key is the one earlier versions used,
 * so their errors and ours still match each other.
 */
const MARKER = Symbol.for('together-files.error.names');

/** A class of ours (or a user's subclass of one), as `isInstance` receives it. */
type ErrorClass<T> = (abstract new (...args: never[]) => T) & { readonly errorName?: string };

/**
 * The base of every error this SDK throws; also thrown for bad input found before any request.
 * `TogetherError.isInstance(value)` (and `NotFoundError.isInstance(value)`, …) tests the marker, so it matches errors
 * from another copy of the package; `instanceof` does the same.
 */
export class TogetherError extends Error {
  /**
   * The class's stable name: `error.name`, the marker's entry, and the name errors cross threads by. Every class
   * declares its own, since bundlers rename classes (`constructor.name` cannot serve).
   */
  static readonly errorName: string = 'TogetherError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const names: string[] = [];
    for (let ctor: unknown = new.target; typeof ctor === 'function'; ctor = Object.getPrototypeOf(ctor)) {
      if (Object.hasOwn(ctor, 'errorName')) names.push((ctor as typeof TogetherError).errorName);
    }
    // Not enumerable, as on Error.prototype: neither shows up in `{ ...error }`, JSON or a test's diff.
    Object.defineProperty(this, 'name', { value: names[0], writable: true, configurable: true });
    Object.defineProperty(this, MARKER, { value: names });
  }

  /**
   * Whether `value` is an error of this class (or a subclass), made by any copy of this package. Call it on the class
   * to test: `NotFoundError.isInstance(error)`.
   */
  static isInstance<T>(this: ErrorClass<T>, value: unknown): value is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class the test is called on, often a subclass.
    return isMarked(this, value);
  }

  /**
   * `instanceof` is `isInstance`. Kept because `error instanceof NotFoundError` must keep matching an error from
   * another copy of the package (tested in errors.test.ts), and only `Symbol.hasInstance` can change what
   * `instanceof` compares; it tests the same marker.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`, often a subclass.
    return isMarked(this, value);
  }
}

function isMarked<T>(errorClass: ErrorClass<T>, value: unknown): value is T {
  if (typeof value !== 'object' || value === null) return false;
  const names = (value as { [MARKER]?: unknown })[MARKER];
  // A user's subclass declares no name of its own: the ordinary prototype test is the right one for it.
  if (!Object.hasOwn(errorClass, 'errorName') || !Array.isArray(names)) {
    return Function.prototype[Symbol.hasInstance].call(errorClass, value);
  }
  return names.includes(errorClass.errorName);
}
