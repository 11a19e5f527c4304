import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { errors } from '../errors.js';

/** What a backend file URL lets its holder do with one attachment. */
export type FileUse = 'upload' | 'file' | 'thumbnail';

/** Who a file URL was made for. */
export interface FileGrant {
  id: string;
  task: string;
  use: FileUse;
  /** The participant it was issued to (checked again when it is used). */
  userId: string;
}

/**
 * Signs the `?token=` of the backend's own file URLs (disk storage): a short JWT (HS256, `jsonwebtoken`) naming
 * one attachment, its task, the use and the participant, with a key made at start (the URLs live minutes, and
 * disk storage serves one instance). S3 storage signs its URLs itself.
 */
export class FileUrlSigner {
  constructor(
    private readonly _now: () => number,
    private readonly _key: KeyObject = createSecretKey(randomBytes(32)),
  ) {}

  sign(grant: FileGrant, ttlSeconds: number): string {
    // `iat` and `exp` from our clock (the seam), not jsonwebtoken's.
    const iat = Math.floor(this._now() / 1000);
    return jwt.sign(
      { sub: grant.id, task: grant.task, use: grant.use, uid: grant.userId, iat, exp: iat + ttlSeconds },
      this._key,
      { algorithm: 'HS256' },
    );
  }

  /** The grant of `token` when it is for `id` in `task` and `use`; BackendError 1028 otherwise. */
  verify(token: unknown, expected: { id: string; task: string; use: FileUse }): FileGrant {
    if (typeof token !== 'string' || token === '') throw errors.invalidFileUrl('not signed');
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this._key, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this._now() / 1000),
      }) as jwt.JwtPayload;
    } catch (err) {
      throw errors.invalidFileUrl(err instanceof jwt.TokenExpiredError ? 'expired' : 'forged or damaged');
    }
    if (claims.sub !== expected.id || claims.task !== expected.task || claims.use !== expected.use) {
      throw errors.invalidFileUrl('for another file');
    }
    return { id: expected.id, task: expected.task, use: expected.use, userId: String(claims.uid) };
  }
}
