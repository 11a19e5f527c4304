import express, { type Router } from 'express';
import { z } from 'zod';
import { listedAttachmentsOf } from '../attachments/message-attachments.js';
import { errors } from '../errors.js';
import type { ModerationService } from '../moderation/moderation-service.js';
import { parseBody } from './request-body.js';
import { requireBearer } from './server-auth.js';

/** A Chat message may be 64 KiB of text; the request wraps it with metadata and headers. */
export const MODERATION_BODY_LIMIT_BYTES = 256 * 1024;

const OPERATION = 'moderate message';

/**
 * Ably's custom-moderation request (ably.com/docs/chat/moderation/custom): `room` (an earlier revision of the
 * page said `roomId`), `message.clientId`, `message.text`; `source`, `appId`, `site`, `ruleId`, `metadata` and
 * `headers` are allowed and unused.
 */
const requestSchema = z
  .object({
    room: z.string().min(1).max(600).optional(),
    roomId: z.string().min(1).max(600).optional(),
    message: z
      .object({
        clientId: z.string().min(1).max(400),
        text: z.string().max(MODERATION_BODY_LIMIT_BYTES),
        metadata: z.unknown().optional(),
      })
      .loose(),
  })
  .loose()
  .refine((body) => body.room !== undefined || body.roomId !== undefined, {
    message: 'room is required',
    path: ['room'],
  });

/**
 * Adds `POST /moderation`, the endpoint of a before-publish moderation rule (ably-local's or Ably's custom
 * webhook rule), behind `Authorization: Bearer <MODERATION_SECRET>`: answers `{"action":"accept"}` or
 * `{"action":"reject","rejectionReason":{reason, rule, policy}}` with 200. An unknown task is 404 (1003), so
 * the rule's failed action applies.
 */
export function addModerationRoute(router: Router, service: ModerationService, secret: string): void {
  router.post(
    '/moderation',
    requireBearer(secret, errors.invalidModerationSecret),
    express.json({ limit: MODERATION_BODY_LIMIT_BYTES }),
    async (req, res) => {
      const body = parseBody(req, requestSchema, OPERATION);
      const room = (body.room ?? body.roomId)!;
      const answer = await service.moderate({
        room,
        clientId: body.message.clientId,
        text: body.message.text,
        fileNames: listedAttachmentsOf(body.message.metadata).map((file) => file.name),
      });
      res.locals.logFields = {
        room,
        userId: body.message.clientId,
        action: answer.action,
        ...(answer.action === 'reject' ? { rule: answer.rejectionReason.rule } : {}),
      };
      res.set('Cache-Control', 'no-store').json(answer);
    },
  );
}
