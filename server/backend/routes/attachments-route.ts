import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AttachmentAnswer, AttachmentRef, AttachmentUrlsAnswer } from '../../contract/api-contract.js';
import type { AttachmentService } from '../attachments/attachment-service.js';
import type { AttachmentSweeper } from '../attachments/attachment-sweeper.js';
import { ATTACHMENT_ID } from '../attachments/message-attachments.js';
import { FILE_URL_TTL_SECONDS } from '../attachments/attachment-service.js';
import { errors } from '../errors.js';
import { callerBodySchema, parseCallerBody, resolveCaller, type CallerDeps } from './caller.js';
import { apiCors } from './cors.js';
import { routeRateLimiters, type RateLimitSettings } from './rate-limits.js';
import { BODY_LIMIT_BYTES, parseBody, taskParam } from './request-body.js';

/** What the attachments routes need. */
export interface AttachmentsRouteDeps extends CallerDeps {
  service: AttachmentService;
  sweeper: AttachmentSweeper;
  allowedOrigins: readonly string[];
  rateLimits: RateLimitSettings;
}

const MAX_IDS = 50;

export const attachmentBodySchema = callerBodySchema.extend({
  name: z.string().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters'),
  size: z
    .number()
    .int('must be a whole number of bytes')
    .min(1, 'must be at least 1 byte')
    .max(Number.MAX_SAFE_INTEGER),
  type: z.string().max(200, 'must be at most 200 characters'),
});

export const attachmentUrlsBodySchema = callerBodySchema.extend({
  ids: z
    .array(z.string().regex(ATTACHMENT_ID, 'must be attachment ids (32 hex digits)'))
    .min(1, 'must list at least one id')
    .max(MAX_IDS, `must list at most ${MAX_IDS} ids`),
});

/** Headers of every file answer: never sniffed or run, loadable by the host page's `<img>`. */
const FILE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': `private, max-age=${FILE_URL_TTL_SECONDS}`,
};

/**
 * Adds the attachments routes (issue #17), each with its CORS preflight, before the tasks API (they take the
 * participant's credential, not the server secret):
 * `POST /tasks/:task/attachments` (announce), `POST /tasks/:task/attachments/:id/complete`,
 * `POST /tasks/:task/attachments/urls`, and for disk storage `PUT|GET /tasks/:task/attachments/:id/file` and
 * `GET …/:id/thumbnail` behind a signed `?token=`. URLs in answers are absolute (S3) or relative to the
 * request's URL (the backend's own), so the element finds them however the backend is mounted or proxied.
 */
export function addAttachmentsRoutes(router: Router, deps: AttachmentsRouteDeps): void {
  const { windowMs, perIp, attachmentsPerUser } = deps.rateLimits;
  const limiters = routeRateLimiters({ windowMs, perIp, perUser: attachmentsPerUser }, () => 'attach file');
  const postCors = apiCors(deps.allowedOrigins, ['POST']);
  const before = [
    ...(deps.allowedOrigins.length > 0 ? [postCors] : []),
    limiters.perIp,
    express.json({ limit: BODY_LIMIT_BYTES }),
  ];
  const caller = async (
    req: Request,
    res: Response,
    body: z.output<typeof callerBodySchema>,
    operation: string,
  ) => {
    const task = taskParam(req, operation);
    if (body.task !== undefined && body.task !== task) {
      throw errors.malformedBody(operation, 'task: differs from the task in the path');
    }
    const found = await resolveCaller(req, { ...body, task }, deps, operation);
    res.locals.logFields = { userId: found.userId, task };
    await limiters.countUser(found.userId, operation);
    deps.sweeper.maybeSweep();
    return found;
  };
  router.post('/tasks/:task/attachments', ...before, async (req, res) => {
    const operation = 'attach file';
    const body = parseBody(req, attachmentBodySchema, operation);
    const announced = await deps.service.announce(await caller(req, res, body, operation), body);
    const answer: AttachmentAnswer = {
      id: announced.id,
      upload: { ...announced.upload, url: relativeTo(req.path, announced.upload.url) },
      complete: relativeTo(req.path, announced.completePath),
      expiresAt: announced.expiresAt,
    };
    res.status(201).set('Cache-Control', 'no-store').json(answer);
  });

  router.post('/tasks/:task/attachments/urls', ...before, async (req, res) => {
    const operation = 'get attachment URLs';
    const body = parseBody(req, attachmentUrlsBodySchema, operation);
    const answer: AttachmentUrlsAnswer = await deps.service.urls(
      await caller(req, res, body, operation),
      body.ids,
    );
    for (const url of Object.values(answer.urls)) {
      url.url = relativeTo(req.path, url.url);
      if (url.thumbnailUrl) url.thumbnailUrl = relativeTo(req.path, url.thumbnailUrl);
    }
    res.set('Cache-Control', 'no-store').json(answer);
  });

  router.post('/tasks/:task/attachments/:id/complete', ...before, async (req, res) => {
    const operation = 'complete upload';
    const body = parseCallerBody(req, deps, operation);
    const found = await caller(req, res, body, operation);
    const answer: AttachmentRef = await deps.service.complete(found, idParam(req, operation));
    res.set('Cache-Control', 'no-store').json(answer);
  });

  const fileCors = apiCors(deps.allowedOrigins, ['PUT', 'GET']);
  router.put(
    '/tasks/:task/attachments/:id/file',
    ...(deps.allowedOrigins.length > 0 ? [fileCors] : []),
    limiters.perIp,
    async (req, res) => {
      const operation = 'upload file';
      const task = taskParam(req, operation);
      const id = idParam(req, operation);
      res.locals.logFields = { task, attachment: id };
      await deps.service.receive(task, id, req.query.token, req);
      res.status(204).end();
    },
  );
  const serve =
    (use: 'file' | 'thumbnail'): RequestHandler =>
    async (req, res) => {
      const task = taskParam(req, 'serve file');
      const id = idParam(req, 'serve file');
      res.locals.logFields = { task, attachment: id };
      const file = await deps.service.serve(task, id, use, req.query.token);
      res.status(200).set({ ...FILE_HEADERS, ...file.headers });
      await pipeline(file.body, res);
    };
  router.get('/tasks/:task/attachments/:id/file', serve('file'));
  router.get('/tasks/:task/attachments/:id/thumbnail', serve('thumbnail'));
  router.options('/tasks/:task/attachments', postCors);
  router.options('/tasks/:task/attachments/urls', postCors);
  router.options('/tasks/:task/attachments/:id/complete', postCors);
  router.options('/tasks/:task/attachments/:id/file', fileCors);
}

function idParam(req: Request, operation: string): string {
  const id = req.params.id;
  if (typeof id !== 'string' || !ATTACHMENT_ID.test(id)) {
    throw errors.invalidIdentifier(operation, 'attachment id', 'must be 32 hex digits');
  }
  return id;
}

/**
 * A URL for the answer: absolute ones (presigned S3) as they are; the backend's own paths (from the chat
 * router's root) relative to the request's path, e.g. `./<id>/file?token=…` from `…/attachments/urls`.
 */
export function relativeTo(requestPath: string, url: string): string {
  if (!url.startsWith('/')) return url;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  const relative = posix.relative(posix.dirname(requestPath), path);
  return `${relative.startsWith('.') ? '' : './'}${relative}${query === -1 ? '' : url.slice(query)}`;
}
