import express, { type Router } from 'express';
import { z } from 'zod';
import type { AgentRunService, OutputOutcome } from '../agent-runs/agent-run-service.js';
import { isNdjson, outputPieces } from '../agent-runs/output-pieces.js';
import { errors } from '../errors.js';
import { userIdSchema } from '../participants/identity-rules.js';
import { callerBodySchema, resolveCaller, type CallerDeps } from './caller.js';
import { apiCors } from './cors.js';
import { routeRateLimiters, type RateLimitSettings } from './rate-limits.js';
import { BODY_LIMIT_BYTES, parseBody, taskParam } from './request-body.js';

/** What the agent-run routes need. */
export interface AgentRunRouteDeps extends CallerDeps {
  service: AgentRunService;
  allowedOrigins: readonly string[];
  rateLimits: RateLimitSettings;
}

const runIdSchema = z.uuid({ error: 'must be a run id (a UUID)' });

export const agentRunBodySchema = z
  .object({
    agentId: userIdSchema,
    userId: userIdSchema,
    inReplyTo: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]*$/, 'must be printable ASCII')
      .optional(),
  })
  .strict();

function runParam(value: unknown, operation: string): string {
  const result = runIdSchema.safeParse(value);
  if (!result.success) throw errors.invalidIdentifier(operation, 'run id', 'must be a run id (a UUID)');
  return result.data;
}

/**
 * Adds `POST /tasks/:task/agent-runs/:run/stop` for the browser (before the tasks API, whose server-secret
 * guard it must not meet): the caller is verified as for `POST /token`, and only the participant the run
 * answers may stop it.
 */
export function addAgentRunStopRoute(router: Router, deps: AgentRunRouteDeps): void {
  const { windowMs, perIp, perUser } = deps.rateLimits;
  const limiters = routeRateLimiters({ windowMs, perIp, perUser }, () => 'stop agent run');
  const cors = apiCors(deps.allowedOrigins, ['POST']);
  const path = '/tasks/:task/agent-runs/:run/stop';
  router.post(
    path,
    ...(deps.allowedOrigins.length > 0 ? [cors] : []),
    limiters.perIp,
    express.json({ limit: BODY_LIMIT_BYTES }),
    async (req, res) => {
      const operation = 'stop agent run';
      const task = taskParam(req, operation);
      const runId = runParam(req.params.run, operation);
      const body = req.body === undefined && deps.identify ? {} : parseBody(req, callerBodySchema, operation);
      if (body.task !== undefined && body.task !== task) {
        throw errors.malformedBody(operation, 'task: differs from the task in the path');
      }
      const caller = await resolveCaller(req, { ...body, task }, deps, operation);
      res.locals.logFields = { userId: caller.userId, task, run: runId };
      await limiters.countUser(caller.userId, operation);
      res.set('Cache-Control', 'no-store').json(await deps.service.stop(caller, runId));
    },
  );
  router.options(path, cors);
}

/**
 * Adds the host's agent-run routes inside the tasks API (its server-secret guard runs first; its JSON parser
 * leaves streamed `text/plain` and NDJSON bodies alone): `POST /tasks/:task/agent-runs` starts a run,
 * `POST /tasks/:task/agent-runs/:run/output` streams its text and answers when the run ends.
 */
export function addAgentRunRoutes(router: Router, service: AgentRunService): void {
  router.post('/tasks/:task/agent-runs', async (req, res) => {
    const operation = 'start agent run';
    const task = taskParam(req, operation);
    const body = parseBody(req, agentRunBodySchema, operation);
    res.locals.logFields = { task, userId: body.userId, agentId: body.agentId };
    const answer = await service.start(task, body);
    res.locals.logFields = { ...res.locals.logFields, run: answer.run };
    res.status(201).json(answer);
  });

  router.post('/tasks/:task/agent-runs/:run/output', async (req, res) => {
    const operation = 'stream agent output';
    const task = taskParam(req, operation);
    const runId = runParam(req.params.run, operation);
    res.locals.logFields = { task, run: runId };
    if (req.is('application/json')) {
      throw errors.malformedBody(operation, 'send the output as text/plain or application/x-ndjson');
    }
    const abandoned = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abandoned.abort();
    });
    // An answer before the body's end (a stop, a failure) closes the connection: an agent still sending sees
    // its request end and stops generating.
    const closeIfUnread = () => {
      if (!req.complete) res.set('Connection', 'close');
    };
    const pieces = outputPieces(req, isNdjson(req.get('content-type')));
    let outcome: OutputOutcome;
    try {
      outcome = await service.stream(task, runId, pieces, abandoned.signal);
    } finally {
      closeIfUnread();
    }
    if (outcome.error) throw outcome.error;
    res.locals.logFields = { ...res.locals.logFields, status: outcome.answer.status };
    res.status(200).json(outcome.answer);
  });
}
