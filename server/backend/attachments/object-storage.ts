import type { Readable } from 'node:stream';

/** A presigned request a browser makes without credentials. */
export interface PresignedRequest {
  url: string;
  headers: Record<string, string>;
}

/** How a presigned download answers: its type and `Content-Disposition`. */
export interface DownloadOptions {
  contentType: string;
  contentDisposition: string;
  expiresInSeconds: number;
}

/**
 * Where attachment bytes live (docs/architecture.md §6): one seam, with a contract suite both implementations pass
 * (`test/server/backend/attachments/object-storage.test.ts`): {@link DiskStorage} (the default, one node) and
 * {@link S3Storage} (S3-compatible object storage, several backend instances; bytes go straight between the
 * browser and the bucket through presigned URLs). Keys are the backend's own (`[a-z0-9/-]`, no `..`): callers
 * never pass user input as a key.
 */
export interface ObjectStorage {
  /** `disk` or `s3`, for logs. */
  readonly kind: string;
  /** Stores exactly `size` bytes from `body` under `key`, replacing any; rejects when the stream ends short or runs long. */
  put(key: string, body: Readable, size: number, contentType?: string): Promise<void>;
  /** The stored bytes, or undefined when there is no such key. */
  get(key: string): Promise<Readable | undefined>;
  /** The stored size, or undefined when there is no such key. */
  size(key: string): Promise<number | undefined>;
  /** Copies `from` to `to` inside the storage (no bytes through the backend where the storage can). */
  copy(from: string, to: string): Promise<void>;
  /** Moves `from` to `to`: a rename on disk, a copy and a delete in a bucket. */
  move(from: string, to: string): Promise<void>;
  /** Deletes keys; a missing key is not an error. */
  delete(keys: readonly string[]): Promise<void>;
  /**
   * A URL the browser sends the bytes to itself (`PUT`, exactly `size` bytes), or undefined when the storage
   * has none and the backend takes the bytes.
   */
  presignUpload?(key: string, size: number, expiresInSeconds: number): Promise<PresignedRequest>;
  /** A URL that serves the bytes without credentials, or undefined when the backend serves them. */
  presignDownload?(key: string, options: DownloadOptions): Promise<string>;
}

const KEY = /^[a-z0-9]+(?:[/-][a-z0-9]+)*$/;

/** Throws unless `key` is one of the backend's own keys (`incoming/<id>` …): nothing escapes the storage's root. */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 200)
    throw new TypeError(`unable to use storage key ${JSON.stringify(key)}`);
  return key;
}

/** The keys of one attachment: the bytes as sent, as kept, and an image's thumbnail. */
export function attachmentKeys(id: string): { incoming: string; file: string; thumbnail: string } {
  return {
    incoming: checkKey(`incoming/${id}`),
    file: checkKey(`files/${id}`),
    thumbnail: checkKey(`thumbnails/${id}`),
  };
}
