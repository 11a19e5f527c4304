/** A realtime connection as REST sees it when a publish names it by `connectionKey` (TM2h, DESIGN §7.3). */
export interface KnownConnection {
  connectionId: string;
  /** The connection's concrete clientId, if it has one. */
  clientId?: string;
}

/** Finds a live or resumable realtime connection by its secret key; the seam between REST and realtime. */
export interface ConnectionLookup {
  byKey(connectionKey: string): KnownConnection | undefined;
}
