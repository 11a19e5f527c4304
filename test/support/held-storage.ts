import type { Readable } from 'node:stream';
import type { ObjectStorage } from '../../server/backend/attachments/object-storage.js';

/**
 * An ObjectStorage that holds the bytes of uploads (`incoming/…` writes) while `held`, without reading them, as
 * a slow network would: the browser's upload stops partway, so a test can watch its progress and cancel it.
 * Everything else goes straight to the storage it wraps.
 */
export class HeldStorage implements ObjectStorage {
  readonly kind: string;
  private _held = false;
  private _waiting: (() => void)[] = [];

  constructor(private readonly _inner: ObjectStorage) {
    this.kind = _inner.kind;
  }

  hold(held: boolean): void {
    this._held = held;
    if (!held) for (const release of this._waiting.splice(0)) release();
  }

  async put(key: string, body: Readable, size: number, contentType?: string): Promise<void> {
    if (this._held && key.startsWith('incoming/')) {
      await new Promise<void>((resolve) => this._waiting.push(resolve));
    }
    return this._inner.put(key, body, size, contentType);
  }

  get(key: string) {
    return this._inner.get(key);
  }

  size(key: string) {
    return this._inner.size(key);
  }

  copy(from: string, to: string) {
    return this._inner.copy(from, to);
  }

  move(from: string, to: string) {
    return this._inner.move(from, to);
  }

  delete(keys: readonly string[]) {
    return this._inner.delete(keys);
  }
}
