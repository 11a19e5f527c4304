import type { ErrorInfoWire } from './ably-error.js';

/** Payload after ingress decoding: bytes, a string, or a JSON value (DESIGN §2.3). */
export type Payload = string | Buffer | Record<string, unknown> | unknown[] | number | boolean | null;

export interface WireMessage {
  id?: string;
  name?: string;
  data?: Payload;
  encoding?: string;
  clientId?: string;
  connectionId?: string;
  connectionKey?: string;
  timestamp?: number;
  extras?: Record<string, unknown>;
  action?: number;
  serial?: string;
  version?: WireVersion;
  annotations?: Record<string, unknown>;
}

/** A message's version block (TM2s); for a create, `serial`/`timestamp` equal the message's own. */
export interface WireVersion {
  serial?: string;
  timestamp?: number;
  clientId?: string;
  description?: string;
  metadata?: Record<string, string>;
}

export interface WirePresence {
  id?: string;
  action?: number;
  clientId?: string;
  connectionId?: string;
  data?: Payload;
  encoding?: string;
  timestamp?: number;
  extras?: Record<string, unknown>;
}

export interface ConnectionDetails {
  connectionKey: string;
  clientId?: string;
  connectionStateTtl: number;
  maxIdleInterval: number;
  maxMessageSize: number;
  maxFrameSize: number;
  maxInboundRate: number;
  serverId: string;
  siteCode: string;
}

export interface ProtocolMessage {
  action: number;
  id?: string;
  channel?: string;
  channelSerial?: string | null;
  connectionId?: string;
  connectionDetails?: ConnectionDetails;
  msgSerial?: number;
  count?: number;
  res?: { serials: (string | null)[] }[];
  flags?: number;
  params?: Record<string, string>;
  messages?: WireMessage[];
  presence?: WirePresence[];
  annotations?: Record<string, unknown>[];
  error?: ErrorInfoWire;
  auth?: { accessToken?: string };
  timestamp?: number;
}
