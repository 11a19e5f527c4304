import type { Router } from 'express';
import { z } from 'zod';
import { userIdSchema } from '../participants/identity-rules.js';
import type { PushAlertService } from '../push/push-alerts.js';
import { parseBody, taskParam } from './request-body.js';

const MAX_TEXT = 4000;

export const messageBodySchema = z
  .object({
    userId: userIdSchema,
    text: z.string().min(1, 'must not be empty').max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`),
    metadata: z
      .record(z.string(), z.unknown())
      .refine(hasOnlySafeIntegers, 'integers in it must be safe ones, at most 2^53 − 1 in size')
      .optional(),
  })
  .strict();

/**
 * Whether every integer in a JSON value is a safe one. Past 2^53 JSON numbers are not exact, and past 2^63
 * the Ably client's msgpack encoder throws, which turned a bad body into a 502 (found by the backend input
 * fuzzing, issue #11).
 * Iterative, so no nesting overflows the stack. Pure.
 */
export function hasOnlySafeIntegers(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return false;
    if (typeof v === 'object' && v !== null) stack.push(...Object.values(v));
  }
  return true;
}

export const eventBodySchema = z
  .object({
    type: z.literal('agent-complete', { error: 'must be agent-complete' }),
    userId: userIdSchema,
    title: z.string().trim().min(1).max(200).optional(),
    body: z.string().trim().min(1).max(1000).optional(),
  })
  .strict();

/**
 * Adds the bot and agent API next to the tasks API (same `SERVER_SECRET` guard, mounted under `/tasks`):
 * `POST /tasks/:task/messages` posts as a bot participant, `POST /tasks/:task/events` tells a user that
 * their agent finished (docs/architecture.md §4).
 */
export function addTaskEventRoutes(router: Router, alerts: PushAlertService): void {
  // Bodies are parsed by the tasks API's `/tasks` middleware (addTasksRoutes), which is mounted first.
  router.post('/tasks/:task/messages', async (req, res) => {
    const task = taskParam(req, 'send bot message');
    const body = parseBody(req, messageBodySchema, 'send bot message');
    res.locals.logFields = { task, userId: body.userId };
    const sent = await alerts.postBotMessage(task, {
      userId: body.userId,
      text: body.text,
      ...(body.metadata ? { metadata: body.metadata } : {}),
    });
    res.status(201).json(sent);
  });

  router.post('/tasks/:task/events', async (req, res) => {
    const task = taskParam(req, 'publish agent event');
    const body = parseBody(req, eventBodySchema, 'publish agent event');
    res.locals.logFields = { task, userId: body.userId, type: body.type };
    const { channel } = await alerts.agentComplete(task, {
      userId: body.userId,
      ...(body.title === undefined ? {} : { title: body.title }),
      ...(body.body === undefined ? {} : { body: body.body }),
    });
    res.status(202).json({ type: body.type, task, userId: body.userId, channel });
  });
}
