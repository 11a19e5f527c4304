import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { errors, type BackendError } from '../errors.js';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Requires `Authorization: Bearer <secret>`; `refuse(missing)` is the error otherwise. Compares SHA-256
 * digests in constant time, so neither content nor length leaks through timing.
 */
export function requireBearer(secret: string, refuse: (missing: boolean) => BackendError): RequestHandler {
  const expected = digest(secret);
  return (req, _res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match) throw refuse(true);
    if (!timingSafeEqual(digest(match[1]!), expected)) throw refuse(false);
    next();
  };
}

/** Requires `Authorization: Bearer <SERVER_SECRET>` (the host backend's credential for the tasks API). */
export function requireServerSecret(serverSecret: string): RequestHandler {
  return requireBearer(serverSecret, errors.invalidServerSecret);
}
