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
    for (const op of ops as string[]) {
      if (op !== '*' && !KNOWN_OPS.has(op)) {
        throw errors.badRequest(`invalid capability; unknown operation ${JSON.stringify(op)}`);
      }
    }
    out[resource] = [...(ops as string[])];
  }
  return out;
}

/** Canonical JSON form (sorted resources and operations), as in TokenDetails.capability. */
export function stringifyCapability(capability: Capability): string {
  const sorted: Capability = {};
  for (const resource of Object.keys(capability).sort()) sorted[resource] = [...capability[resource]!].sort();
  return JSON.stringify(sorted);
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

/** Chat room channels (`<room>::$chat`) are also matched by resources naming the room (DESIGN §6.3). */
function candidateNames(channel: string): string[] {
  const suffix = '::$chat';
  return channel.endsWith(suffix) && channel.length > suffix.length
    ? [channel, channel.slice(0, -suffix.length)]
    : [channel];
}

/** Operations granted on a channel: the union over every matching resource; `*` expands to all. */
export function operationsFor(capability: Capability, channel: string): Set<Operation> {
  const granted = new Set<Operation>();
  const names = candidateNames(channel);
  for (const [resource, ops] of Object.entries(capability)) {
    if (!names.some((name) => resourceMatches(resource, name))) continue;
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
 * Narrows a requested capability to what the key allows: for each requested resource, the operations the key
 * grants on a resource at least as broad. Exact-resource intersection, which is what token requests need.
 */
export function intersectCapability(requested: Capability, allowed: Capability): Capability {
  const out: Capability = {};
  for (const [resource, ops] of Object.entries(requested)) {
    const allowedOps = new Set<string>();
    for (const [allowedResource, aOps] of Object.entries(allowed)) {
      if (!covers(allowedResource, resource)) continue;
      aOps.forEach((op) => allowedOps.add(op));
    }
    const kept = allowedOps.has('*')
      ? ops
      : ops.includes('*')
        ? [...allowedOps]
        : ops.filter((op) => allowedOps.has(op));
    if (kept.length > 0) out[resource] = [...new Set(kept)];
  }
  return out;
}

/** Whether every channel a resource pattern can match is also matched by `broad`. */
function covers(broad: string, narrow: string): boolean {
  if (broad === narrow || broad === '[*]*') return true;
  if (narrow.includes('*')) {
    // A wildcard is covered by an equal or wider wildcard of the same kind.
    if (broad === '*') return !narrow.startsWith('[');
    const b = broad.endsWith(':*') ? broad.slice(0, -1) : null;
    return b !== null && narrow.startsWith(b);
  }
  return resourceMatches(broad, narrow);
}
