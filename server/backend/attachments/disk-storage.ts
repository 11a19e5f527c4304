import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exactly } from './byte-limit.js';
import { checkKey, type ObjectStorage } from './object-storage.js';

/**
 * {@link ObjectStorage} in a local directory (default `.data/attachments`): one backend instance, bytes through
 * the backend. Writes go to a temporary file renamed into place, so a reader never sees half a file.
 */
export class DiskStorage implements ObjectStorage {
  readonly kind = 'disk';
  private readonly _root: string;

  constructor(root: string) {
    this._root = resolve(root);
  }

  async put(key: string, body: Readable, size: number): Promise<void> {
    const path = this._path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
    const out = createWriteStream(temporary, { flags: 'wx' });
    try {
      await pipeline(body, exactly(size), out);
      await rename(temporary, path);
    } catch (err) {
      // The file opens asynchronously: removed before it is closed, it could come back.
      if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
      await rm(temporary, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    const path = this._path(key);
    const stream = createReadStream(path);
    // Opening is asynchronous: wait for it, so a missing file is `undefined`, not a stream error later.
    return new Promise((resolveOpen, reject) => {
      stream.once('ready', () => resolveOpen(stream));
      stream.once('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') resolveOpen(undefined);
        else reject(err);
      });
    });
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(this._path(key))).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async copy(from: string, to: string): Promise<void> {
    const target = this._path(to);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
    await copyFile(this._path(from), temporary);
    await rename(temporary, target);
  }

  async move(from: string, to: string): Promise<void> {
    const target = this._path(to);
    await mkdir(dirname(target), { recursive: true });
    await rename(this._path(from), target);
  }

  async delete(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this._path(key), { force: true })));
  }

  private _path(key: string): string {
    return join(this._root, checkKey(key));
  }
}
