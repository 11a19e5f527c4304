import { AblyError, errors } from './ably-error.js';

/**
 * The shape every client-supplied message, presence message and annotation must have before anything looks at
 * it (DESIGN §2.4). Pure; each check throws an AblyError naming the operation ("unable to <operation>; …").
 */

/** Deepest nesting accepted in `data`, `extras` and `version.metadata` (DESIGN §2.4). */
export const MAX_NESTING = 64;

/** Deepest nesting of a whole REST body or realtime item: a payload at MAX_NESTING plus its envelope. */
export const MAX_BODY_NESTING = MAX_NESTING + 8;

/**
 * The transform ably-js reads from an encoding step: the first `[-\w]+` run (`basemessage.ts` decode).
 * `vcdiff` is a server-only step (deltas, not emulated, DESIGN §10); ably-js fails the channel (40019) on it.
 */
const STEP_TRANSFORM = /[-\w]+/;

/** Message names the server uses for its own events (`[meta]occupancy`, …); never client-published. */
const RESERVED_NAME = '[meta]';

/**
 * Whether a decoded JSON/msgpack value nests deeper than `limit` (a scalar or bytes is depth 0, `{}` or `[]`
 * depth 1). Iterative, so a hostile value cannot overflow the stack while being measured.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null || Buffer.isBuffer(current)) continue;
    if (depth + 1 > limit) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** An optional string field: absent, null or a string. */
export function assertOptionalString(value: unknown, field: string, operation: string): void {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw errors.badRequest(`unable to ${operation}; ${field} must be a string`);
  }
}

/**
 * `data` + `encoding` (40013): data is a string, bytes or a JSON value nested at most MAX_NESTING deep;
 * encoding is a string without a `vcdiff` step.
 */
export function assertPayload(data: unknown, encoding: unknown, operation: string): void {
  if (encoding !== undefined && encoding !== null) {
    if (typeof encoding !== 'string')
      throw errors.badData(`unable to ${operation}; encoding must be a string`);
    if (encoding.split('/').some((step) => STEP_TRANSFORM.exec(step)?.[0] === 'vcdiff')) {
      throw errors.badData(`unable to ${operation}; unsupported encoding ${JSON.stringify(encoding)}`);
    }
  }
  if (typeof data === 'function' || typeof data === 'symbol' || typeof data === 'bigint') {
    throw errors.badData(`unable to ${operation}; unsupported data type`);
  }
  if (nestsDeeperThan(data, MAX_NESTING)) {
    throw errors.badData(`unable to ${operation}; data nested deeper than ${MAX_NESTING} levels`);
  }
}

/** `extras` (40000): absent or an object nested at most MAX_NESTING deep, without the server's `delta`. */
export function assertExtras(extras: unknown, operation: string): void {
  if (extras === undefined || extras === null) return;
  if (!isPlainObject(extras)) throw errors.badRequest(`unable to ${operation}; extras must be an object`);
  if (nestsDeeperThan(extras, MAX_NESTING)) {
    throw errors.badRequest(`unable to ${operation}; extras nested deeper than ${MAX_NESTING} levels`);
  }
  // ably-js treats `extras.delta` as a vcdiff reference and re-attaches when it cannot resolve it.
  if ('delta' in extras) throw errors.badRequest(`unable to ${operation}; extras.delta is reserved`);
}

/** A message from a client: create, update, delete or append (DESIGN §2.4, §4.6). */
export function assertMessageShape(item: Record<string, unknown>, operation: string): void {
  assertOptionalString(item.id, 'id', operation);
  assertOptionalString(item.name, 'name', operation);
  assertOptionalString(item.serial, 'serial', operation);
  if (typeof item.name === 'string' && item.name.startsWith(RESERVED_NAME)) {
    throw errors.badRequest(`unable to ${operation}; names starting with ${RESERVED_NAME} are reserved`);
  }
  if (item.action !== undefined && item.action !== null && !Number.isInteger(item.action)) {
    throw errors.badRequest(`unable to ${operation}; action must be an integer`);
  }
  assertPayload(item.data, item.encoding, operation);
  assertExtras(item.extras, operation);
  assertVersion(item.version, operation);
}

/** A presence message from a client (DESIGN §2.4, §5.1). */
export function assertPresenceShape(item: Record<string, unknown>, operation: string): void {
  assertOptionalString(item.id, 'id', operation);
  if (item.action !== undefined && item.action !== null && !Number.isInteger(item.action)) {
    throw errors.badRequest(`unable to ${operation}; action must be an integer`);
  }
  assertPayload(item.data, item.encoding, operation);
  assertExtras(item.extras, operation);
}

/** The operation block of an update/delete/append: `description` a string, `metadata` string → string. */
function assertVersion(version: unknown, operation: string): void {
  if (version === undefined || version === null) return;
  if (!isPlainObject(version)) throw errors.badRequest(`unable to ${operation}; version must be an object`);
  assertOptionalString(version.description, 'version.description', operation);
  assertOptionalString(version.clientId, 'version.clientId', operation);
  assertMetadata(version.metadata, 'version.metadata', operation);
}

/** Operation metadata (TM2s): an object whose values are strings. */
export function assertMetadata(metadata: unknown, field: string, operation: string): void {
  if (metadata === undefined || metadata === null) return;
  if (!isPlainObject(metadata) || !Object.values(metadata).every((v) => typeof v === 'string')) {
    throw errors.badRequest(`unable to ${operation}; ${field} must be an object of strings`);
  }
}

/** A whole REST body or realtime item list nested too deep for anything below to walk safely (40000). */
export function assertBodyNesting(value: unknown, operation: string): void {
  if (nestsDeeperThan(value, MAX_BODY_NESTING)) {
    throw new AblyError(40000, 400, `unable to ${operation}; nested deeper than ${MAX_BODY_NESTING} levels`);
  }
}
