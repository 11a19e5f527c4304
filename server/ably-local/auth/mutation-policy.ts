import { MessageAction } from '../protocol/actions.js';
import { AblyError, errors } from '../protocol/ably-error.js';
import type { WireMessage, WireVersion } from '../protocol/wire-types.js';
import type { Operation } from './capability.js';
import { resolveItemClientId } from './client-id-policy.js';
import { identityOperations, mayAssertAnyClientId, type Identity } from './identity.js';
import { userClaimFor, withUserClaim } from './user-claim.js';

type MutatingAction = typeof MessageAction.UPDATE | typeof MessageAction.DELETE | typeof MessageAction.APPEND;

/** What an update/delete/append request amounts to once the caller is known (DESIGN §4.7). */
export interface PreparedMutation {
  action: MutatingAction;
  fields: Pick<WireMessage, 'name' | 'data' | 'encoding' | 'extras'>;
  version: Omit<WireVersion, 'serial' | 'timestamp'>;
}

/**
 * Whether a caller may update, append to or delete a message (DESIGN §4.7): `message-*-any` allows any
 * message, `message-*-own` only the caller's own (an unidentified caller → 40166). Pure.
 */
export function assertMayMutate(
  ops: Set<Operation>,
  action: number,
  callerClientId: string | undefined,
  authorClientId: string | undefined,
  channel: string,
): void {
  const kind = action === MessageAction.DELETE ? 'delete' : 'update';
  if (ops.has(`message-${kind}-any`)) return;
  if (ops.has(`message-${kind}-own`)) {
    if (!callerClientId) {
      throw new AblyError(
        40166,
        401,
        `unable to ${kind} message; an unidentified client cannot modify own messages`,
      );
    }
    if (callerClientId === authorClientId) return;
  }
  throw errors.capability(`${kind} message`, channel);
}

/** An update (1), delete (2) or append (5); anything else → 40000. */
export function assertMutationAction(action: unknown): asserts action is MutatingAction {
  if (action !== MessageAction.UPDATE && action !== MessageAction.DELETE && action !== MessageAction.APPEND) {
    throw errors.badRequest('unable to modify message; action must be 1 (update), 2 (delete) or 5 (append)');
  }
}

/**
 * The part of assertMayMutate that needs no target: the caller holds `message-<kind>-own` or `-any` at all.
 * Checked before the target is looked up, so a caller without the capability cannot tell whether a serial
 * exists (40160 either way, never 40400; DESIGN §6.3).
 */
export function assertMayMutateAny(ops: Set<Operation>, action: number, channel: string): void {
  const kind = action === MessageAction.DELETE ? 'delete' : 'update';
  if (ops.has(`message-${kind}-any`) || ops.has(`message-${kind}-own`)) return;
  throw errors.capability(`${kind} message`, channel);
}

/**
 * Checks a pub/sub mutation (realtime MESSAGE action 1/2/5 or REST PATCH) against the caller and the target,
 * and builds the fields and version block to apply: the caller's clientId on the version (a privileged
 * caller may assert another), its user claim in `extras`.
 */
export function prepareMutation(
  identity: Identity,
  channel: string,
  item: WireMessage,
  target: Pick<WireMessage, 'clientId' | 'extras'>,
): PreparedMutation {
  const action = item.action;
  assertMutationAction(action);
  const caller = resolveItemClientId(identity, undefined);
  assertMayMutate(identityOperations(identity, channel), action, caller, target.clientId, channel);
  const version: PreparedMutation['version'] = {};
  const versionClientId = (mayAssertAnyClientId(identity) ? item.version?.clientId : undefined) ?? caller;
  if (versionClientId !== undefined) version.clientId = versionClientId;
  if (typeof item.version?.description === 'string') version.description = item.version.description;
  if (item.version?.metadata && typeof item.version.metadata === 'object')
    version.metadata = item.version.metadata;
  const fields: PreparedMutation['fields'] = {};
  if (item.name !== undefined) fields.name = item.name;
  if (item.data !== undefined) fields.data = item.data;
  if (item.encoding !== undefined) fields.encoding = item.encoding;
  const claim = userClaimFor(identity, channel);
  if (item.extras !== undefined || claim !== undefined)
    fields.extras = withUserClaim(item.extras ?? target.extras, claim);
  return { action, fields, version };
}
