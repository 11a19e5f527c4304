import express, { type Router } from 'express';
import { z } from 'zod';
import type {
  ParticipantAnswer,
  RemovedParticipantAnswer,
  TaskAnswer,
  TaskWithParticipantsAnswer,
} from '../../contract/api-contract.js';
import { displayNameSchema, roleSchema } from '../participants/identity-rules.js';
import type { Participant } from '../store/store.js';
import type { TaskService } from '../tasks/task-service.js';
import { BODY_LIMIT_BYTES, parseBody, taskParam, userIdParam } from './request-body.js';
import { requireServerSecret } from './server-auth.js';

const MAX_TITLE_LENGTH = 200;
const MAX_URL_LENGTH = 2048;
const CONTROL = /\p{Cc}/u;

export const taskBodySchema = z
  .object({
    type: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'must be 1–32 lower-case letters, digits, _ or -, e.g. ticket'),
    title: z
      .string()
      .transform((title) => title.normalize('NFC').trim())
      .refine((title) => title.length > 0, 'must not be empty')
      .refine(
        (title) => [...title].length <= MAX_TITLE_LENGTH,
        `must be at most ${MAX_TITLE_LENGTH} characters`,
      )
      .refine((title) => !CONTROL.test(title), 'must not contain control characters'),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
      .nullable()
      .optional(),
  })
  .strict();

export const participantBodySchema = z.object({ role: roleSchema, name: displayNameSchema }).strict();

/** JSON of a participant in responses (its task is in the path). */
function participantJson(participant: Participant): ParticipantAnswer {
  const { taskId: _taskId, ...rest } = participant;
  return rest;
}

/**
 * Adds the tasks API for the host backend, behind `Authorization: Bearer <SERVER_SECRET>`:
 * `PUT /tasks/:task`, `GET /tasks/:task`, `PUT|DELETE /tasks/:task/participants/:userId`,
 * `POST /tasks/:task/close`.
 */
export function addTasksRoutes(router: Router, service: TaskService, serverSecret: string): void {
  router.use(
    '/tasks',
    requireServerSecret(serverSecret),
    express.json({ limit: BODY_LIMIT_BYTES }),
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
  );

  router.put('/tasks/:task', async (req, res) => {
    const id = taskParam(req, 'save task');
    const body = parseBody(req, taskBodySchema, 'save task');
    res.locals.logFields = { task: id };
    const { value, created } = await service.upsertTask({
      id,
      type: body.type,
      title: body.title,
      url: body.url ?? null,
    });
    const answer: TaskAnswer = value;
    res.status(created ? 201 : 200).json(answer);
  });

  router.get('/tasks/:task', async (req, res) => {
    const id = taskParam(req, 'get task');
    res.locals.logFields = { task: id };
    const { task, participants } = await service.getTask(id);
    const answer: TaskWithParticipantsAnswer = { ...task, participants: participants.map(participantJson) };
    res.json(answer);
  });

  router.put('/tasks/:task/participants/:userId', async (req, res) => {
    const taskId = taskParam(req, 'add participant');
    const userId = userIdParam(req, 'add participant');
    const body = parseBody(req, participantBodySchema, 'add participant');
    res.locals.logFields = { task: taskId, userId };
    const { value, created } = await service.upsertParticipant({
      taskId,
      userId,
      role: body.role,
      name: body.name,
    });
    res.status(created ? 201 : 200).json(participantJson(value));
  });

  router.delete('/tasks/:task/participants/:userId', async (req, res) => {
    const taskId = taskParam(req, 'remove participant');
    const userId = userIdParam(req, 'remove participant');
    res.locals.logFields = { task: taskId, userId };
    const participant = await service.removeParticipant(taskId, userId);
    const answer: RemovedParticipantAnswer = { ...participantJson(participant), tokensRevoked: true };
    res.json(answer);
  });

  router.post('/tasks/:task/close', async (req, res) => {
    const id = taskParam(req, 'close task');
    res.locals.logFields = { task: id };
    const answer: TaskAnswer = await service.closeTask(id);
    res.json(answer);
  });
}
