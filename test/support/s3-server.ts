import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../server/backend/attachments/s3-storage.js';

/** A bucket that lets pages of any origin `PUT` and `GET` through presigned URLs, as the README tells operators. */
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** A local S3-protocol server with one bucket, and the settings that reach it. */
export interface TestS3 {
  settings: S3Settings;
  stop(): Promise<void>;
}

/**
 * Starts `s3rver` (S3's REST protocol in Node, files in a temp directory) on 127.0.0.1:0 with bucket
 * `attachments`; `stop()` closes it and deletes the directory. s3rver checks expiry of presigned URLs but not
 * their signatures or signed sizes: tests of what S3 itself enforces stay with S3.
 */
export async function startS3(): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'attachments', configs: [CORS] }],
  });
  const { port } = await server.run();
  return {
    settings: {
      bucket: 'attachments',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
    stop: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
