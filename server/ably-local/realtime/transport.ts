/** The socket under a realtime connection; `ws` implements it in ws-endpoint.ts (DESIGN §3.1). */
export interface Transport {
  send(data: Buffer, text: boolean): void;
  /** Closes cleanly after pending frames are flushed. */
  close(): void;
  /** Drops the socket at once. */
  terminate(): void;
  readonly bufferedAmount: number;
}
