import type {
  ParticipantAnswer,
  TaskAnswer,
  TaskWithParticipantsAnswer,
} from '../../../server/contract/api-contract.js';
/**
 * The wtr server commands a browser test uses to run a whole chat stack — ably-local, a TCP proxy in front of
 * it and the backend, all on port 0 — and to act on it. Shared by the Node plugin (`chat-stack-plugin.ts`)
 * and the browser helpers (`chat-stack.ts`): it imports only types, so it loads on both sides.
 */
import type { Role } from '../../../server/backend/ably-auth/capabilities.js';
import type { ReadMarker } from '../../../server/backend/store/store.js';

export type { ReadMarker, Role };

/** Command names, exactly as `executeServerCommand` takes them. */
export const CHAT_STACK_COMMANDS = {
  start: 'startChatStack',
  stop: 'stopChatStack',
  createTask: 'createTask',
  addParticipant: 'addParticipant',
  removeParticipant: 'removeParticipant',
  closeTask: 'closeTask',
  participantToken: 'participantToken',
  userToken: 'userToken',
  dropConnections: 'dropConnections',
  blockConnections: 'blockConnections',
  unblockConnections: 'unblockConnections',
  occupancy: 'occupancy',
  sendAs: 'sendAs',
  editAs: 'editAs',
  deleteAs: 'deleteAs',
  reactAs: 'reactAs',
  seedHistory: 'seedHistory',
  readState: 'readState',
  refuseWebSockets: 'refuseWebSockets',
  stopBackend: 'stopBackend',
  startBackend: 'startBackend',
  proxyStats: 'proxyStats',
  holdUploads: 'holdUploads',
} as const;

/** The backend's rate limits (see `RateLimitSettings`); the harness defaults to generous ones. */
export interface ChatStackRateLimits {
  windowMs?: number;
  perIp?: number;
  perUser?: number;
  readStatePerUser?: number;
}

export interface StartChatStackPayload {
  /** Origins whose pages may call the token and read-state routes; pass `[location.origin]`. */
  allowedOrigins?: string[];
  /** Absolute path of a built element (`dist/`) for the backend to serve. */
  widgetDir?: string;
  /** Serve this repository's `dist/` (run `npm run build` first), as `npm start` does. */
  serveBuiltElement?: boolean;
  /** Lifetime of issued Ably tokens (10–3600 s; default 3600). */
  tokenTtlSeconds?: number;
  /**
   * ably-local set up as `npm run ably-setup` does for the inbox: the room-messages webhook reaches the backend
   * (batched every 5 ms), which keeps every user's inbox and publishes on their inbox channel.
   */
  inbox?: boolean;
  /** Default: 60 s windows, 10 000 per IP, 1 000 tokens and 1 000 read-state requests per user. */
  rateLimits?: ChatStackRateLimits;
  /** ably-local's realtime timers, shortened for tests of drops and presence. */
  ablyLocal?: { connectionStateTtlMs?: number; presenceLeaveDelayMs?: number; maxIdleIntervalMs?: number };
  /** Most messages ably-local replays on a resumed attach (default 10 000); beyond it: a discontinuity. */
  maxReplay?: number;
  /** ably-local's REST writes per second per identity (default ably-local's own, 100/s in bursts of 200). */
  restWriteRate?: number;
  /** The backend's pino level, logged to the runner's stdout; default `silent`. */
  logLevel?: string;
  /**
   * Start with a before-publish moderation rule on every task room pointing at this stack's
   * `POST /api/moderation` (as `npm start` wires it); `true` for the rule's defaults.
   */
  moderation?: boolean | { failedAction?: 'reject' | 'publish'; timeoutMs?: number };
  /**
   * Put an HTTP proxy in front of ably-local that answers every WebSocket upgrade `403` (as some corporate
   * proxies do) instead of the plain TCP proxy; `refuseWebSockets` turns that on and off later.
   */
  refuseWebSockets?: boolean;
  /** Keep attachments in a temporary folder (the default, as `npm start` does); false: none. */
  attachments?: boolean;
}

export interface HoldUploadsPayload extends StackRef {
  /** true: uploads stop partway until false. */
  hold: boolean;
}

export interface RefuseWebSocketsPayload extends StackRef {
  refuse: boolean;
}

/** What went through the stack's HTTP proxy (only with `refuseWebSockets`). */
export interface ProxyStats {
  upgradesRefused: number;
  upgradesForwarded: number;
  /** Forwarded upgrades that were realtime connections, not ably-js's connectivity checks. */
  connectionUpgradesForwarded: number;
  cometRequests: number;
}

export interface ChatStackInfo {
  /** Names this stack in later commands. */
  id: string;
  /** `http://127.0.0.1:<port>`: the backend (also serves the element when `widgetDir` was given). */
  backendUrl: string;
  /** `${backendUrl}/api/token`: the element's `token-url`. */
  tokenUrl: string;
  /** `${backendUrl}/api/read-state`. */
  readStateUrl: string;
  /** ably-local itself (the backend and Node clients use it directly). */
  ablyLocalUrl: string;
  /** The proxy in front of ably-local: what issued tokens' `clientOptions` point browsers at. */
  ablyPublicUrl: string;
  /** ably-local's (random) API key, for tests that need key auth. */
  ablyKey: string;
  /** The backend's SERVER_SECRET, for tests that call the host API as a host (or its agents) would. */
  serverSecret: string;
}

export interface StackRef {
  id: string;
}

export interface TaskRef extends StackRef {
  task: string;
}

export interface ParticipantRef extends TaskRef {
  userId: string;
}

export interface ParticipantSpec {
  userId: string;
  role: Role;
  name: string;
}

export interface CreateTaskPayload extends TaskRef {
  type: string;
  title: string;
  url?: string | null;
  participants: ParticipantSpec[];
}

export interface AddParticipantPayload extends ParticipantRef {
  role: Role;
  name: string;
}

export interface ParticipantTokenPayload extends ParticipantRef {
  role: Role;
  name?: string;
  /** 1–3600; default 600. */
  ttlSeconds?: number;
}

/** A participant as the tasks API answers it. */
export type ParticipantJson = ParticipantAnswer;

/** A task as the tasks API answers it. */
export type TaskJson = TaskAnswer;

export type TaskWithParticipantsJson = TaskWithParticipantsAnswer;

export interface SendAsPayload extends ParticipantRef {
  text: string;
  metadata?: Record<string, unknown>;
  headers?: Record<string, string | number | boolean | null>;
}

export interface EditAsPayload extends ParticipantRef {
  serial: string;
  text: string;
}

export interface DeleteAsPayload extends ParticipantRef {
  serial: string;
}

export interface ReactAsPayload extends ParticipantRef {
  serial: string;
  /** The reaction, e.g. `👍`. */
  name: string;
}

export interface SeedHistoryPayload extends ParticipantRef {
  count: number;
  /** Texts are `${text} 1` … `${text} ${count}`; default text `Message`. */
  text?: string;
}

/** ably-local's occupancy metrics of the task's chat channel (`GET /channels/<channel>`). */
export interface OccupancyMetrics {
  connections: number;
  publishers: number;
  subscribers: number;
  presenceConnections: number;
  presenceMembers: number;
  presenceSubscribers: number;
  objectPublishers: number;
  objectSubscribers: number;
}

/** A user token of the stack's EMBED_SECRET (`sub` only), as a host backend signs it for its inbox. */
export interface UserTokenPayload {
  id: string;
  userId: string;
  ttlSeconds?: number;
}
