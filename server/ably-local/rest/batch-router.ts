import { Router, type Request, type Response } from 'express';
import { identityOperations, type Identity } from '../auth/identity.js';
import { resolveChannelName } from '../core/channel-name.js';
import { PresenceAction } from '../protocol/actions.js';
import { AblyError, errors } from '../protocol/ably-error.js';
import { wirePayload } from '../protocol/payload.js';
import { authenticateRequest } from './rest-auth.js';
import type { RestContext } from './rest-context.js';
import { publishRest } from './rest-publish.js';
import { requestBody, responseFormat, sendBody } from './rest-io.js';

/** Most channels one batch request names, over all its specs (Ably: 100 per spec, 90010 beyond). */
export const MAX_BATCH_CHANNELS = 100;
/** Most messages in one batch publish spec (Ably's documented limit). */
export const MAX_BATCH_MESSAGES = 1000;

interface BatchSpec {
  channels: string[];
  messages: unknown[];
}

/**
 * Batch publish (RSC22, `POST /messages`) and batch presence (RSC24, `GET /presence?channels=…`), DESIGN
 * §7.3. The request as a whole is authenticated and shape-checked; then each channel is authorised and
 * carried out on its own, so one failing channel (40160, 40010, 40009, 42910, …) is a per-channel `error`
 * in a 2xx answer (BAR2, BPF2, BGF2) while the others succeed.
 */
export function batchRouter(ctx: RestContext): Router {
  const router = Router();

  router.post('/messages', (req, res) => {
    const identity = authenticateRequest(req, ctx.auth);
    const body = requestBody(req);
    const specs = (Array.isArray(body) ? body : [body]).map(batchSpec);
    if (specs.length === 0) throw errors.badRequest('unable to publish; no batch specs given');
    const total = specs.reduce((n, spec) => n + spec.channels.length, 0);
    if (total > MAX_BATCH_CHANNELS) throw tooManyChannels('bulk publish', total);
    const outcomes = specs.map((spec) =>
      spec.channels.map((name) => publishOne(ctx, identity, name, spec.messages, req)),
    );
    if (legacyVersion(req)) return sendLegacy(req, res, outcomes.flat());
    const results = outcomes.map(batchResult);
    sendBody(req, res, 201, Array.isArray(body) ? results : results[0]);
  });

  router.get('/presence', (req, res) => {
    const identity = authenticateRequest(req, ctx.auth);
    const text = typeof req.query.channels === 'string' ? req.query.channels : '';
    const separator =
      typeof req.query.separator === 'string' && req.query.separator ? req.query.separator : ',';
    const names = text.split(separator).filter((name) => name.length > 0);
    if (names.length === 0) throw errors.badRequest('unable to get presence; no channels given');
    if (names.length > MAX_BATCH_CHANNELS) throw tooManyChannels('batch presence', names.length);
    const format = responseFormat(req);
    const outcomes = names.map((wireName) => {
      try {
        const name = resolveChannelName(wireName).name;
        if (!identityOperations(identity, name).has('subscribe'))
          throw errors.capability('get presence', name);
        // A read never creates a channel (DESIGN §7.1).
        const members = ctx.channels.find(name)?.presence.members() ?? [];
        const presence = members.map((m) => wirePayload({ ...m, action: PresenceAction.PRESENT }, format));
        return { channel: wireName, presence };
      } catch (err) {
        return { channel: wireName, error: channelError(ctx, req, err) };
      }
    });
    sendBody(req, res, 200, batchResult(outcomes));
  });

  return router;
}

function publishOne(
  ctx: RestContext,
  identity: Identity,
  wireName: string,
  messages: unknown[],
  req: Request,
) {
  try {
    const name = resolveChannelName(wireName).name;
    if (!identityOperations(identity, name).has('publish')) throw errors.capability('publish', name);
    const { items, origin, serials } = publishRest(ctx, identity, name, messages);
    // BPR2b: the prefix of the ids of the published messages (`<prefix>:<index>`).
    const messageId = items[0]!.id?.replace(/:\d+$/, '') ?? origin.pmId;
    return { channel: wireName, messageId, serials };
  } catch (err) {
    return { channel: wireName, error: channelError(ctx, req, err) };
  }
}

/** A per-channel failure as BatchPublishFailureResult.error carries it; internal errors are reported. */
function channelError(ctx: RestContext, req: Request, err: unknown) {
  const error = AblyError.from(err);
  if (error.statusCode >= 500) ctx.report(`answer ${req.method} ${req.path}`, error);
  return error.toWire();
}

/**
 * Whether the caller speaks a protocol version before 3 (`X-Ably-Version` 1 or 2, which `rest.request()` lets a
 * caller choose): Ably answers batch publish in the format of that time, one entry per channel (DESIGN §7.3).
 */
function legacyVersion(req: Request): boolean {
  const version = Number(req.get('x-ably-version'));
  return Number.isFinite(version) && version > 0 && version < 3;
}

/**
 * A batch publish answered in the pre-3 format: a flat array with each channel's result in request order
 * (201), or, when any channel failed, 400 with error 40020 and that array as `batchResponse`.
 */
function sendLegacy(req: Request, res: Response, results: { error?: unknown }[]): void {
  if (!results.some((r) => r.error !== undefined)) return sendBody(req, res, 201, results);
  const error = new AblyError(
    40020,
    400,
    'unable to publish; batched publish failed for one or more channels',
  );
  res.set('X-Ably-Errorcode', String(error.code));
  res.set('X-Ably-Errormessage', error.message);
  sendBody(req, res, 400, { error: error.toWire(), batchResponse: results });
}

function batchResult<T extends { error?: unknown }>(results: T[]) {
  const failureCount = results.filter((r) => r.error !== undefined).length;
  return { successCount: results.length - failureCount, failureCount, results };
}

/** BSP2: `channels` is a name or a list of names, `messages` a message or a list of them. */
function batchSpec(value: unknown): BatchSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw errors.badRequest(
      'unable to publish; each batch spec must be an object with channels and messages',
    );
  }
  const spec = value as Record<string, unknown>;
  const channels = typeof spec.channels === 'string' ? [spec.channels] : spec.channels;
  if (!Array.isArray(channels) || channels.length === 0 || channels.some((c) => typeof c !== 'string')) {
    throw errors.badRequest(
      'unable to publish; batch spec channels must be a channel name or a list of them',
    );
  }
  const messages = Array.isArray(spec.messages) ? spec.messages : [spec.messages];
  if (
    messages.length === 0 ||
    messages.some((m) => typeof m !== 'object' || m === null || Array.isArray(m))
  ) {
    throw errors.badRequest('unable to publish; batch spec messages must be a message or a list of them');
  }
  if (messages.length > MAX_BATCH_MESSAGES) {
    throw errors.badRequest(`unable to publish; more than ${MAX_BATCH_MESSAGES} messages in one batch spec`);
  }
  return { channels: channels as string[], messages };
}

function tooManyChannels(kind: string, count: number): AblyError {
  return new AblyError(
    90010,
    400,
    `unable to ${kind === 'bulk publish' ? 'publish' : 'get presence'}; max number of channels permitted in a single ${kind} request (${MAX_BATCH_CHANNELS}) exceeded (${count})`,
  );
}
