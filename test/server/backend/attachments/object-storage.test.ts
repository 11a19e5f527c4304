import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SizeMismatchError } from '../../../../server/backend/attachments/byte-limit.js';
import { DiskStorage } from '../../../../server/backend/attachments/disk-storage.js';
import type { ObjectStorage } from '../../../../server/backend/attachments/object-storage.js';
import { S3Storage } from '../../../../server/backend/attachments/s3-storage.js';
import { startS3, type TestS3 } from '../../../support/s3-server.js';

let s3: TestS3 | undefined;
const directories: string[] = [];

beforeAll(async () => {
  s3 = await startS3();
}, 30_000);

afterAll(async () => {
  await s3?.stop();
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

const IMPLEMENTATIONS: { name: string; open: () => ObjectStorage }[] = [
  {
    name: 'DiskStorage',
    open: () => {
      const dir = mkdtempSync(join(tmpdir(), 'attachments-'));
      directories.push(dir);
      return new DiskStorage(dir);
    },
  },
  { name: 'S3Storage', open: () => new S3Storage(s3!.settings) },
];

/** An S3Storage whose clock is an hour behind: what it signs has expired when it is used. */
const lateS3 = () => new S3Storage({ ...s3!.settings, now: () => Date.now() - 3_600_000 });

const key = (prefix: string) => `${prefix}/${randomBytes(8).toString('hex')}`;
const body = (content: string | Buffer) => Readable.from([Buffer.from(content)]);

async function read(storage: ObjectStorage, k: string): Promise<string | undefined> {
  const stream = await storage.get(k);
  return stream && text(stream);
}

/** The ObjectStorage contract (docs/architecture.md §6): both implementations answer exactly alike. */
describe.each(IMPLEMENTATIONS)('$name', (impl) => {
  it('gives back the bytes and their size when a key is written', async () => {
    const storage = impl.open();
    const k = key('files');
    await storage.put(k, body('hello, file'), 11, 'text/plain');
    expect(await read(storage, k)).toBe('hello, file');
    expect(await storage.size(k)).toBe(11);
  });

  it('streams a large body through in chunks when it is written and read', async () => {
    const storage = impl.open();
    const k = key('files');
    const chunk = randomBytes(64 * 1024);
    const chunks = 64; // 4 MiB
    await storage.put(k, Readable.from(Array.from({ length: chunks }, () => chunk)), chunk.length * chunks);
    expect(await storage.size(k)).toBe(chunk.length * chunks);
    let total = 0;
    for await (const part of (await storage.get(k))!) total += (part as Buffer).length;
    expect(total).toBe(chunk.length * chunks);
  });

  it('replaces the bytes when a key is written again', async () => {
    const storage = impl.open();
    const k = key('files');
    await storage.put(k, body('first'), 5);
    await storage.put(k, body('second!'), 7);
    expect(await read(storage, k)).toBe('second!');
  });

  it('answers undefined when a key was never written', async () => {
    const storage = impl.open();
    expect(await storage.get(key('files'))).toBeUndefined();
    expect(await storage.size(key('files'))).toBeUndefined();
  });

  it('refuses a body that is shorter or longer than announced, and keeps nothing of it', async () => {
    const storage = impl.open();
    const short = key('files');
    await expect(storage.put(short, body('abc'), 5)).rejects.toBeInstanceOf(SizeMismatchError);
    expect(await storage.size(short)).toBeUndefined();
    const long = key('files');
    await expect(storage.put(long, body('abcdefgh'), 5)).rejects.toBeInstanceOf(SizeMismatchError);
    expect(await storage.size(long)).toBeUndefined();
  });

  it('copies a key inside the storage and keeps the source', async () => {
    const storage = impl.open();
    const from = key('incoming');
    const to = key('files');
    await storage.put(from, body('copied bytes'), 12);
    await storage.copy(from, to);
    expect(await read(storage, to)).toBe('copied bytes');
    expect(await read(storage, from)).toBe('copied bytes');
  });

  it('moves a key inside the storage: the target holds the bytes, the source is gone', async () => {
    const storage = impl.open();
    const from = key('incoming');
    const to = key('files');
    await storage.put(from, body('moved bytes'), 11);
    await storage.move(from, to);
    expect(await read(storage, to)).toBe('moved bytes');
    expect(await storage.size(from)).toBeUndefined();
  });

  it('deletes keys, and ignores keys that are already gone', async () => {
    const storage = impl.open();
    const a = key('files');
    const b = key('thumbnails');
    await storage.put(a, body('a'), 1);
    await storage.put(b, body('b'), 1);
    await storage.delete([a, b, key('files')]);
    expect(await storage.size(a)).toBeUndefined();
    expect(await storage.size(b)).toBeUndefined();
  });

  it('refuses keys that could leave its root or are not its own', async () => {
    const storage = impl.open();
    for (const bad of ['../x', 'files/../../x', '/etc/passwd', 'files/A', 'files//x', '', 'files/x.png']) {
      await expect(storage.put(bad, body('x'), 1)).rejects.toThrow(/unable to use storage key/);
      await expect(storage.get(bad)).rejects.toThrow(/unable to use storage key/);
    }
  });

  it('hands out working upload and download URLs when it has them', async () => {
    const storage = impl.open();
    if (!storage.presignUpload || !storage.presignDownload) {
      // The disk keeps no URLs of its own: the backend takes and serves the bytes (attachments-route tests).
      expect(storage.kind).toBe('disk');
      return;
    }
    const k = key('incoming');
    const upload = await storage.presignUpload(k, 9, 60);
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'from page' });
    expect(put.status).toBe(200);
    expect(await storage.size(k)).toBe(9);
    const url = await storage.presignDownload(k, {
      contentType: 'text/plain; charset=utf-8',
      contentDisposition: 'attachment; filename="note.txt"',
      expiresInSeconds: 60,
    });
    const got = await fetch(url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(got.headers.get('content-disposition')).toBe('attachment; filename="note.txt"');
    expect(await got.text()).toBe('from page');
  });
});

describe('S3Storage', () => {
  it('hands out URLs that the bucket refuses once they have expired', async () => {
    const storage = lateS3();
    const k = key('files');
    await storage.put(k, body('soon gone'), 9);
    const url = await storage.presignDownload(k, {
      contentType: 'text/plain',
      contentDisposition: 'attachment',
      expiresInSeconds: 60,
    });
    const answer = await fetch(url);
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('Request has expired');
  });
});

describe('DiskStorage', () => {
  it('leaves no partial file behind when a write fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attachments-'));
    directories.push(dir);
    const storage = new DiskStorage(dir);
    await expect(storage.put('incoming/abc', body('too long'), 3)).rejects.toBeInstanceOf(SizeMismatchError);
    expect(readdirSync(join(dir, 'incoming'))).toEqual([]);
  });
});
