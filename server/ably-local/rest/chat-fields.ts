import type { Request } from 'express';
import { resolveItemClientId } from '../auth/client-id-policy.js';
import type { Identity } from '../auth/identity.js';
import { MessageAction } from '../protocol/actions.js';
import { errors } from '../protocol/ably-error.js';
import { assertExtras, assertPayload } from '../protocol/item-shape.js';
import { isObject } from './chat-message.js';
import { requestBody } from './rest-io.js';

/** Validation of Chat REST v4 request bodies (DESIGN §7.4); each throws 400/40000 or 40012. */

const REACTION_TYPES = new Set(['unique', 'distinct', 'multiple']);

export function objectBody(req: Request, operation: string): Record<string, unknown> {
  const body = requestBody(req);
  if (!isObject(body)) throw errors.badRequest(`unable to ${operation}; body must be a JSON object`);
  return body;
}

export function messageFields(body: Record<string, unknown>, operation: string) {
  if (typeof body.text !== 'string') throw errors.badRequest(`unable to ${operation}; text must be a string`);
  if (body.metadata !== undefined && !isObject(body.metadata)) {
    throw errors.badRequest(`unable to ${operation}; metadata must be an object`);
  }
  if (body.headers !== undefined && !isObject(body.headers)) {
    throw errors.badRequest(`unable to ${operation}; headers must be an object`);
  }
  const fields = {
    text: body.text,
    metadata: (body.metadata ?? {}) as Record<string, unknown>,
    headers: (body.headers ?? {}) as Record<string, unknown>,
  };
  assertPayload({ text: fields.text, metadata: fields.metadata }, undefined, operation);
  assertExtras({ headers: fields.headers }, operation);
  return fields;
}

export function opLabel(action: number): string {
  return action === MessageAction.DELETE ? 'delete message' : 'update message';
}

export function reactionType(type: unknown): string {
  if (typeof type !== 'string' || !REACTION_TYPES.has(type)) {
    throw errors.badRequest('invalid reaction type; must be unique, distinct or multiple');
  }
  return `reaction:${type}.v1`;
}

export function requireClientId(identity: Identity, operation: string): string {
  const clientId = resolveItemClientId(identity, undefined);
  if (!clientId) throw errors.invalidClientId(`unable to ${operation}; the caller has no clientId`);
  return clientId;
}
