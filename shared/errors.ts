/**
 * The base of the project's typed errors: a `kind` that says what went wrong (a union of string
 * literals owned by each module) and, optionally, the error that caused it. Each module extends it
 * with its own class name and kinds, e.g. `class CloudError extends KindError<CloudErrorKind>`.
 */
export abstract class KindError<K extends string> extends Error {
  constructor(
    readonly kind: K,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
