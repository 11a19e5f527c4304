import type { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { exactly } from './byte-limit.js';
import {
  checkKey,
  type DownloadOptions,
  type ObjectStorage,
  type PresignedRequest,
} from './object-storage.js';

/** Where the bucket is (docs/backend.md §7). Credentials default to the AWS SDK's own chain. */
export interface S3Settings {
  bucket: string;
  /** Default `us-east-1`. */
  region?: string;
  /** An S3-compatible service's URL (MinIO, R2, …); default AWS. */
  endpoint?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (most S3-compatible services want it). */
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Clock seam for tests (epoch ms): presigned URLs are signed at this instant. */
  now?: () => number;
}

/**
 * {@link ObjectStorage} in an S3 bucket (`@aws-sdk/client-s3`): several backend instances share it, and
 * browsers send and fetch bytes through presigned URLs, so they never pass through the backend. The bucket
 * needs CORS for the page origins (`PUT` and `GET`) and a lifecycle rule for `incoming/` (docs/production.md §10).
 */
export class S3Storage implements ObjectStorage {
  readonly kind = 's3';
  private readonly _client: S3Client;
  private readonly _bucket: string;
  private readonly _now: () => number;

  constructor(settings: S3Settings) {
    this._bucket = settings.bucket;
    this._now = settings.now ?? Date.now;
    this._client = new S3Client({
      region: settings.region ?? 'us-east-1',
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.forcePathStyle ? { forcePathStyle: true } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // Checksums only where S3 requires them: presigned uploads from browsers cannot add them, and
      // S3-compatible services do not all read the SDK's chunked checksum trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable, size: number, contentType?: string): Promise<void> {
    const command = new PutObjectCommand({
      Bucket: this._bucket,
      Key: checkKey(key),
      Body: body.pipe(exactly(size)),
      ContentLength: size,
      ...(contentType ? { ContentType: contentType } : {}),
    });
    // A body that fails (or carries the wrong size) aborts the request: S3 keeps nothing of an aborted PUT.
    const controller = new AbortController();
    let failure: unknown;
    const fail = (err: unknown) => {
      failure ??= err;
      controller.abort();
    };
    body.on('error', fail);
    (command.input.Body as Readable).on('error', fail);
    try {
      await this._client.send(command, { abortSignal: controller.signal });
    } catch (err) {
      throw failure ?? err;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    try {
      const answer = await this._client.send(
        new GetObjectCommand({ Bucket: this._bucket, Key: checkKey(key) }),
      );
      return answer.Body as Readable;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const head = await this._client.send(
        new HeadObjectCommand({ Bucket: this._bucket, Key: checkKey(key) }),
      );
      return head.ContentLength;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async copy(from: string, to: string): Promise<void> {
    await this._client.send(
      new CopyObjectCommand({
        Bucket: this._bucket,
        Key: checkKey(to),
        CopySource: `${this._bucket}/${checkKey(from)}`,
      }),
    );
  }

  async move(from: string, to: string): Promise<void> {
    await this.copy(from, to);
    await this.delete([from]);
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((key) => ({ Key: checkKey(key) }));
      await this._client.send(
        new DeleteObjectsCommand({ Bucket: this._bucket, Delete: { Objects: batch, Quiet: true } }),
      );
    }
  }

  async presignUpload(key: string, size: number, expiresInSeconds: number): Promise<PresignedRequest> {
    const command = new PutObjectCommand({ Bucket: this._bucket, Key: checkKey(key), ContentLength: size });
    // Content-Length is signed: S3 refuses a body of another size.
    const url = await getSignedUrl(this._client, command, {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(['content-length']),
      signingDate: new Date(this._now()),
    });
    return { url, headers: {} };
  }

  async presignDownload(key: string, options: DownloadOptions): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this._bucket,
      Key: checkKey(key),
      ResponseContentType: options.contentType,
      ResponseContentDisposition: options.contentDisposition,
      ResponseCacheControl: `private, max-age=${options.expiresInSeconds}`,
    });
    return getSignedUrl(this._client, command, {
      expiresIn: options.expiresInSeconds,
      signingDate: new Date(this._now()),
    });
  }

  /** Closes the client's connections. */
  close(): void {
    this._client.destroy();
  }
}

function isMissing(err: unknown): boolean {
  return (
    err instanceof S3ServiceException &&
    (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404)
  );
}
