import { errors } from '../protocol/ably-error.js';
import { Flag } from '../protocol/flags.js';

/**
 * Ably capabilities: resource → operations, with Ably's wildcard rules (DESIGN §6.3). Pure functions, no I/O.
 * Shares no code with the backend's token issuer on purpose: the real SDK tests judge both.
 */
export type Capability = Record<string, string[]>;

export const OPERATIONS = [
  'publish',
  'subscribe',
  'presence',
  'history',
  'stats',
  'channel-metadata',
  'push-subscribe',
  'push-admin',
  'privileged-headers',
  'annotation-publish',
  'annotation-subscribe',
  'message-update-own',
  'message-update-any',
  'message-delete-own',
  'message-delete-any',
  'object-subscribe',
  'object-publish',
] as const;

export type Operation = (typeof OPERATIONS)[number];

const KNOWN_OPS = new Set<string>(OPERATIONS);

/** Parses a capability from a JSON string or object; throws AblyError 40000 when malformed. */
export function parseCapability(input: unknown): Capability {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw errors.badRequest('invalid capability; not valid JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw errors.badRequest('invalid capability; must be an object of resource to operations');
  }
  const out: Capability = {};
  for (const [resource, ops] of Object.entries(value)) {
    if (!Array.isArray(ops) || ops.some((op) => typeof op !== 'string')) {
      throw errors.badRequest(
        `invalid capability; operations for ${JSON.stringify(resource)} must be strings`,
      );
    }
    if (ops.length === 0) {
      throw errors.badRequest(`invalid capability; no operations for ${JSON.stringify(resource)}`);
    }
    for (const op of ops as string[]) {
      if (op !== '*' && !KNOWN_OPS.has(op)) {
        throw errors.badRequest(`invalid capability; unknown operation ${JSON.stringify(op)}`);
      }
    }
    // ably-js rest/capability.test.js expects 400 for `["*","publish"]`: `*` stands alone.
    if (ops.length > 1 && ops.includes('*')) {
      throw errors.badRequest(
        `invalid capability; "*" cannot be combined with other operations for ${JSON.stringify(resource)}`,
      );
    }
    out[resource] = [...(ops as string[])];
  }
  return out;
}

/**
 * JSON form for TokenDetails.capability: resources and operations in the order they were given (the key's
 * own order where the key's side decided), as Ably returns them (ably-js rest/capability.test.js compares
 * the lists in order).
 */
export function stringifyCapability(capability: Capability): string {
  return JSON.stringify(capability);
}

function qualifier(name: string): { kind: string; rest: string } {
  const match = /^\[([^\]]*)\](.*)$/s.exec(name);
  if (!match) return { kind: '', rest: name };
  return { kind: match[1]!, rest: match[2]! };
}

function segmentsMatch(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  const p = pattern.split(':');
  const n = name.split(':');
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg === '*' && i === p.length - 1) return n.length >= p.length;
    if (i >= n.length) return false;
    if (seg !== '*' && seg !== n[i]) return false;
  }
  return p.length === n.length;
}

/**
 * Whether a capability resource matches a channel name. `*` covers ordinary channels only; `[*]*` covers
 * every kind; `[meta]*` only metachannels. A trailing `*` segment matches one or more segments.
 */
export function resourceMatches(resource: string, channel: string): boolean {
  const r = qualifier(resource);
  const c = qualifier(channel);
  if (r.kind === '*') return segmentsMatch(r.rest, c.rest);
  // Qualifiers that only carry channel params (`[?rewind=1]`, `[filter=…]`) do not change the channel kind.
  const channelKind = c.kind === 'meta' || c.kind === 'queue' ? c.kind : '';
  if (r.kind !== channelKind) return false;
  return segmentsMatch(r.rest, channelKind ? c.rest : c.kind ? c.rest : channel);
}

const CHAT_SUFFIX = '::$chat';

/**
 * Whether `resource` grants on `channel` (DESIGN §6.3): it matches the channel, or the channel is a Chat room
 * channel `<room>::$chat` and the resource names the room. A resource that itself ends in `::$chat` names a
 * channel, never a room, so a token for `task:X::$chat` does not reach room `task:X::$chat` (channel
 * `task:X::$chat::$chat`).
 */
export function resourceGrants(resource: string, channel: string): boolean {
  if (resourceMatches(resource, channel)) return true;
  if (!channel.endsWith(CHAT_SUFFIX) || channel.length === CHAT_SUFFIX.length) return false;
  if (resource.endsWith(CHAT_SUFFIX)) return false;
  return resourceMatches(resource, channel.slice(0, -CHAT_SUFFIX.length));
}

/** Operations granted on a channel: the union over every matching resource; `*` expands to all. */
export function operationsFor(capability: Capability, channel: string): Set<Operation> {
  const granted = new Set<Operation>();
  for (const [resource, ops] of Object.entries(capability)) {
    if (!resourceGrants(resource, channel)) continue;
    for (const op of ops) {
      if (op === '*') OPERATIONS.forEach((o) => granted.add(o));
      else if (KNOWN_OPS.has(op)) granted.add(op as Operation);
    }
  }
  return granted;
}

export function permits(capability: Capability, channel: string, op: Operation): boolean {
  return operationsFor(capability, channel).has(op);
}

/** Channel modes a set of operations allows (DESIGN §4.2). */
export function permittedModes(ops: Set<Operation>): number {
  let modes = 0;
  if (ops.has('presence')) modes |= Flag.PRESENCE;
  if (ops.has('publish')) modes |= Flag.PUBLISH;
  if (ops.has('subscribe')) modes |= Flag.SUBSCRIBE | Flag.PRESENCE_SUBSCRIBE;
  if (ops.has('annotation-publish')) modes |= Flag.ANNOTATION_PUBLISH;
  if (ops.has('annotation-subscribe')) modes |= Flag.ANNOTATION_SUBSCRIBE;
  if (ops.has('object-publish')) modes |= Flag.OBJECT_PUBLISH;
  if (ops.has('object-subscribe')) modes |= Flag.OBJECT_SUBSCRIBE;
  return modes;
}

/**
 * Narrows a requested capability to what the key allows (DESIGN §6.2): for every pair of a requested and
 * an allowed resource, the channels both match, with the operations both grant (`*` yields the other side's
 * operations). So `{"*":["*"]}` against a key scoped to `ns:*` gives `{"ns:*":[...key ops]}`.
 */
export function intersectCapability(requested: Capability, allowed: Capability): Capability {
  const merged = new Map<string, { ops: Set<string>; order: string[]; exact: boolean }>();
  for (const [rResource, rOps] of Object.entries(requested)) {
    for (const [aResource, aOps] of Object.entries(allowed)) {
      const ops = intersectOps(rOps, aOps);
      if (ops.length === 0) continue;
      const resource = intersectResource(rResource, aResource);
      if (resource === undefined) continue;
      const exact = rResource === resource;
      let entry = merged.get(resource);
      if (!entry) merged.set(resource, (entry = { ops: new Set(), order: rOps, exact }));
      // A resource the request names itself takes that entry's order, whatever broader one came first:
      // `canpublish:*` and `canpublish:andpresence` both reach the latter (ably-js "Equal intersection").
      else if (exact && !entry.exact) Object.assign(entry, { order: rOps, exact });
      ops.forEach((op) => entry.ops.add(op));
    }
  }
  const out: Capability = {};
  for (const [resource, { ops, order }] of merged) {
    if (ops.has('*')) {
      out[resource] = ['*'];
      continue;
    }
    // Operations keep the order the request gave them; those it got from a key's `*`-free list follow.
    const rank = (op: string) => (order.includes(op) ? order.indexOf(op) : order.length);
    out[resource] = [...ops].sort((a, b) => rank(a) - rank(b));
  }
  return out;
}

function intersectOps(a: string[], b: string[]): string[] {
  if (a.includes('*')) return b.includes('*') ? ['*'] : [...b];
  if (b.includes('*')) return [...a];
  return a.filter((op) => b.includes(op));
}

/** The resource matching exactly the channels both resources match, if any (same kind, merged segments). */
function intersectResource(a: string, b: string): string | undefined {
  const qa = qualifier(a);
  const qb = qualifier(b);
  let kind: string;
  if (qa.kind === '*') kind = qb.kind;
  else if (qb.kind === '*' || qa.kind === qb.kind) kind = qa.kind;
  else return undefined;
  const path = intersectSegments(qa.rest.split(':'), qb.rest.split(':'));
  if (path === undefined) return undefined;
  return kind === '' ? path.join(':') : `[${kind}]${path.join(':')}`;
}

/** Segment-wise intersection: an interior `*` takes the other side's segment, a trailing `*` its tail. */
function intersectSegments(l: string[], r: string[]): string[] | undefined {
  if (r.length < l.length) return intersectSegments(r, l);
  if (r.length !== l.length && l[l.length - 1] !== '*') return undefined;
  const merged: string[] = [];
  for (let i = 0; i < l.length; i++) {
    const ls = l[i]!;
    const rs = r[i]!;
    if (ls === '*' && i === l.length - 1) return [...merged, ...r.slice(i)];
    if (ls === '*') merged.push(rs);
    else if (rs === '*' || ls === rs) merged.push(ls);
    else return undefined;
  }
  return merged;
}
