declare module '@ably/msgpack-js' {
  export function encode(value: unknown, sparse?: boolean): Buffer | undefined;
  export function decode(buffer: Buffer): unknown;
}
