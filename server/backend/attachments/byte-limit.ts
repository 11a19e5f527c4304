import { Transform } from 'node:stream';

/** Thrown when a body carries more or fewer bytes than announced. */
export class SizeMismatchError extends Error {
  override name = 'SizeMismatchError';
  constructor(
    readonly expected: number,
    readonly received: number,
    readonly more: boolean,
  ) {
    super(
      more
        ? `it carried more than the ${expected} bytes announced`
        : `it carried ${received} of the ${expected} bytes announced`,
    );
  }
}

/** A pass-through that fails as soon as more than `size` bytes go by, and at the end when fewer did. */
export function exactly(size: number): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > size) callback(new SizeMismatchError(size, received, true));
      else callback(null, chunk);
    },
    flush(callback) {
      callback(received === size ? null : new SizeMismatchError(size, received, false));
    },
  });
}
