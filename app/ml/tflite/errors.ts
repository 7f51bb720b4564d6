/**
 * Errors a TFLite file can raise while it is read or loaded. Callers show `message` to
 * the user as it is: each one names the problem and where in the file it lies.
 */

/** Any problem with a TFLite file; catch this to handle both kinds below. */
export class TfliteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TfliteError';
  }
}

/** The bytes are not a well-formed TFLite flatbuffer (wrong identifier, truncated, ...). */
export class TfliteFormatError extends TfliteError {
  constructor(message: string) {
    super(message);
    this.name = 'TfliteFormatError';
  }
}

/** The file is well formed but uses an op, or an op variant, this reader cannot run. */
export class TfliteUnsupportedError extends TfliteError {
  constructor(message: string) {
    super(message);
    this.name = 'TfliteUnsupportedError';
  }
}
