import { Router } from 'express';
import type { TokenRequest } from '../auth/token-request.js';
import { AblyError, errors } from '../protocol/ably-error.js';
import { authenticateRequest, optionalIdentity } from './rest-auth.js';
import type { RestContext } from './rest-context.js';
import { requestBody, sendBody } from './rest-io.js';

/** `/keys/:keyName/requestToken` and `/keys/:keyName/revokeTokens` (DESIGN §6.2, §7.3). */
export function keysRouter(ctx: RestContext): Router {
  const router = Router();

  router.post('/keys/:keyName/requestToken', (req, res) => {
    const body = requestBody(req);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw errors.badRequest('unable to issue token; body must be a TokenRequest object');
    }
    const caller = optionalIdentity(req, ctx.auth);
    const details = ctx.auth.requestToken(req.params.keyName as string, body as TokenRequest, caller);
    sendBody(req, res, 200, details);
  });

  router.post('/keys/:keyName/revokeTokens', (req, res) => {
    const identity = authenticateRequest(req, ctx.auth);
    if (identity.kind !== 'basic' || identity.keyName !== req.params.keyName) {
      throw new AblyError(40162, 401, 'unable to revoke tokens; requires Basic authentication with this key');
    }
    const body = requestBody(req) as { targets?: unknown; issuedBefore?: unknown } | undefined;
    if (!body || !Array.isArray(body.targets) || body.targets.length === 0) {
      throw errors.badRequest('unable to revoke tokens; targets must be a non-empty array');
    }
    const issuedBefore = typeof body.issuedBefore === 'number' ? body.issuedBefore : undefined;
    const results = ctx.auth.revokeTokens(identity.keyName, body.targets, issuedBefore);
    const failureCount = results.filter((r) => r.error).length;
    sendBody(req, res, 201, { successCount: results.length - failureCount, failureCount, results });
  });

  return router;
}
