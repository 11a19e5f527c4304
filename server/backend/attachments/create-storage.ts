import { DiskStorage } from './disk-storage.js';
import type { ObjectStorage } from './object-storage.js';
import { S3Storage, type S3Settings } from './s3-storage.js';

/** Where attachment bytes are kept: a local directory, or an S3(-compatible) bucket. */
export type StorageOptions = { kind: 'disk'; directory: string } | ({ kind: 's3' } & S3Settings);

/** Opens the configured {@link ObjectStorage}. */
export function createObjectStorage(options: StorageOptions): ObjectStorage {
  if (options.kind === 'disk') return new DiskStorage(options.directory);
  const { kind: _kind, ...settings } = options;
  return new S3Storage(settings);
}
