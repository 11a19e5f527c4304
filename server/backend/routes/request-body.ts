import type { Request } from 'express';
import type { z } from 'zod';
import { errors } from '../errors.js';
import { describeIssues, taskIdSchema, userIdSchema } from '../participants/identity-rules.js';

/** Largest request body any route accepts. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** The JSON object body, validated by `schema`; BackendError 1008 otherwise. */
export function parseBody<S extends z.ZodType>(req: Request, schema: S, operation: string): z.output<S> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    const reason = req.is('application/json')
      ? 'body must be a JSON object'
      : 'body must be JSON (Content-Type: application/json)';
    throw errors.malformedBody(operation, reason);
  }
  const result = schema.safeParse(body);
  if (!result.success) throw errors.malformedBody(operation, describeIssues(result.error));
  return result.data;
}

/** The `:task` path parameter, validated; BackendError 1009 otherwise. */
export function taskParam(req: Request, operation: string): string {
  const result = taskIdSchema.safeParse(req.params.task);
  if (!result.success) throw errors.invalidIdentifier(operation, 'task id', describeIssues(result.error));
  return result.data;
}

/** The `:userId` path parameter, validated; BackendError 1009 otherwise. */
export function userIdParam(req: Request, operation: string): string {
  const result = userIdSchema.safeParse(req.params.userId);
  if (!result.success) throw errors.invalidIdentifier(operation, 'user id', describeIssues(result.error));
  return result.data;
}
