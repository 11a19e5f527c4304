import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { errors } from '../errors.js';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Requires `Authorization: Bearer <SERVER_SECRET>` (the host backend's credential for the tasks API).
 * Compares SHA-256 digests in constant time, so neither content nor length leaks through timing.
 */
export function requireServerSecret(serverSecret: string): RequestHandler {
  const expected = digest(serverSecret);
  return (req, _res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match) throw errors.invalidServerSecret(true);
    if (!timingSafeEqual(digest(match[1]!), expected)) throw errors.invalidServerSecret(false);
    next();
  };
}
