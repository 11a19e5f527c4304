import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentAnswer, AttachmentRef } from '../../../../server/contract/api-contract.js';
import { DiskStorage } from '../../../../server/backend/attachments/disk-storage.js';
import { S3Storage } from '../../../../server/backend/attachments/s3-storage.js';
import { startS3, type TestS3 } from '../../../support/s3-server.js';
import {
  ELF,
  HTML_AS_PNG,
  PDF,
  SVG_WITH_SCRIPT,
  hasGpsPointer,
  jpegWithGps,
  pixelBomb,
  png,
  pngWithHtmlAppended,
} from '../../../support/attachment-fixtures.js';
import { attachmentClient } from '../attachments/attachment-client.js';
import {
  EMBED_SECRET,
  startBackend,
  uniqueTaskId,
  type JsonResponse,
  type TestBackend,
} from '../backend-harness.js';
import type { ErrorBody } from '../../../../server/contract/api-contract.js';
import jwt from 'jsonwebtoken';
import { createParticipantToken } from '../../../../server/backend/participants/participant-token.js';

const ANN = { userId: 'ann', role: 'buyer' as const, name: 'Ann' };
const SAM = { userId: 'sam', role: 'seller' as const, name: 'Sam' };
const OLI = { userId: 'oli', role: 'observer' as const, name: 'Oli' };

const directories: string[] = [];
let s3: TestS3 | undefined;

beforeAll(async () => {
  s3 = await startS3();
}, 30_000);

afterAll(async () => {
  await s3?.stop();
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

function diskStorage(): DiskStorage {
  const dir = mkdtempSync(join(tmpdir(), 'attachments-route-'));
  directories.push(dir);
  return new DiskStorage(dir);
}

/** A backend keeping files on disk (or `storage`), a task of `type` with Ann, Sam and Oli. */
async function setUp(
  options: {
    type?: string;
    storage?: DiskStorage | S3Storage;
    now?: () => number;
    moderation?: boolean;
  } = {},
) {
  const backend = await startBackend({
    attachments: { storage: options.storage ?? diskStorage() },
    ...(options.now ? { now: options.now } : {}),
    ...(options.moderation ? { moderationSecret: 'moderation-secret-for-tests-0123456789ab' } : {}),
  });
  const task = uniqueTaskId(options.type ?? 'order');
  await backend.createTask(task, [ANN, SAM, OLI], { type: options.type ?? 'order', title: 'Order 1' });
  return {
    backend,
    task,
    ann: attachmentClient(backend, task, ANN),
    sam: attachmentClient(backend, task, SAM),
  };
}

function expectError(response: JsonResponse, status: number, code: number): void {
  expect({
    status: response.status,
    code: (response.body as Partial<ErrorBody> | undefined)?.error?.code,
  }).toEqual({
    status,
    code,
  });
}

/** The status and error code of a plain `fetch` answer (uploads and file URLs). */
async function refusal(response: Response): Promise<{ status: number; code: number }> {
  return { status: response.status, code: ((await response.json()) as ErrorBody).error.code };
}

describe('attachments over HTTP (disk)', () => {
  it('offers attaching in the token answer to participants who may send, with the routes', async () => {
    const { backend, task } = await setUp();
    const buyer = await backend.requestToken({
      participantToken: backend.participantToken({ ...ANN, task }),
    });
    expect(buyer.body.attachments).toMatchObject({ maxBytes: 25 * 1024 * 1024, maxFiles: 10 });
    expect(buyer.body.attachments.types).toContain('image/jpeg');
    const encoded = encodeURIComponent(task);
    expect(buyer.body.routes).toEqual({
      readState: 'read-state',
      agentRuns: `tasks/${encoded}/agent-runs`,
      attachments: `tasks/${encoded}/attachments`,
      attachmentUrls: `tasks/${encoded}/attachments/urls`,
    });
    const observer = await backend.requestToken({
      participantToken: backend.participantToken({ ...OLI, task }),
    });
    expect(observer.body.attachments).toBeNull();
    expect(observer.body.routes.attachmentUrls).toBe(`tasks/${encoded}/attachments/urls`);
  });

  it('keeps a photo without its EXIF or GPS position and serves it and a thumbnail to the other participant', async () => {
    const { ann, sam } = await setUp();
    const photo = await jpegWithGps();
    expect(hasGpsPointer((await sharp(photo).metadata()).exif)).toBe(true);
    const announced = await ann.announce({ name: 'vase.jpg', size: photo.length, type: 'image/jpeg' });
    expect(announced.status).toBe(201);
    const answer = announced.body as AttachmentAnswer;
    expect(answer.id).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.upload).toEqual({
      method: 'PUT',
      url: expect.stringMatching(/^\.\/attachments\/[0-9a-f]{32}\/file\?token=/),
      headers: {},
    });
    expect(answer.complete).toBe(`./attachments/${answer.id}/complete`);
    expect((await ann.upload(answer, photo)).status).toBe(204);
    const completed = await ann.complete(answer);
    expect(completed.status).toBe(200);
    const ref = completed.body as AttachmentRef;
    expect(ref).toMatchObject({
      id: answer.id,
      name: 'vase.jpg',
      type: 'image/jpeg',
      width: 1200,
      height: 800,
    });

    const urls = await sam.urls([ref.id]);
    expect(urls.status).toBe(200);
    expect(urls.body.missing).toEqual([]);
    const entry = urls.body.urls[ref.id];
    expect(entry).toMatchObject({ ...ref, url: expect.stringMatching(/^\.\/[0-9a-f]{32}\/file\?token=/) });
    expect(entry.expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const file = await sam.fetchFile(entry.url);
    expect(file.status).toBe(200);
    expect(
      Object.fromEntries(
        [
          'content-type',
          'content-disposition',
          'x-content-type-options',
          'content-security-policy',
          'cross-origin-resource-policy',
        ].map((h) => [h, file.headers.get(h)]),
      ),
    ).toEqual({
      'content-type': 'image/jpeg',
      'content-disposition': 'inline; filename=vase.jpg',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'cross-origin',
    });
    const kept = Buffer.from(await file.arrayBuffer());
    expect(kept.length).toBe(ref.size);
    const meta = await sharp(kept).metadata();
    expect({ format: meta.format, width: meta.width, exif: meta.exif }).toEqual({
      format: 'jpeg',
      width: 1200,
      exif: undefined,
    });
    expect(kept.includes(Buffer.from('PhoneMaker'))).toBe(false);
    const thumbnail = await sam.fetchFile(entry.thumbnailUrl);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).width).toBe(640);
  });

  it('serves a PDF and a text file only as downloads, named as sanitised', async () => {
    const { ann, sam } = await setUp();
    const pdf = await ann.attach('Invoice 8841.pdf', 'application/pdf', PDF);
    expect(pdf.body).toEqual({
      id: pdf.body.id,
      name: 'Invoice 8841.pdf',
      size: PDF.length,
      type: 'application/pdf',
    });
    const text = await ann.attach(
      '../../../etc/cron.d/run\u202Egnp.sh',
      'text/x-sh',
      Buffer.from('just words\n'),
    );
    expect(text.body).toMatchObject({ name: 'rungnp.sh.txt', type: 'text/plain' });
    const urls = await sam.urls([pdf.body.id, text.body.id]);
    const pdfFile = await sam.fetchFile(urls.body.urls[pdf.body.id].url);
    expect(pdfFile.headers.get('content-disposition')).toBe('attachment; filename="Invoice 8841.pdf"');
    expect(urls.body.urls[pdf.body.id].thumbnailUrl).toBeUndefined();
    const textFile = await sam.fetchFile(urls.body.urls[text.body.id].url);
    expect(textFile.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(textFile.headers.get('content-disposition')).toBe('attachment; filename=rungnp.sh.txt');
    expect(await textFile.text()).toBe('just words\n');
  });

  it('re-encodes a PNG that hides an HTML page after its end, so the page is gone', async () => {
    const { ann, sam } = await setUp();
    const polyglot = await pngWithHtmlAppended();
    const ref = (await ann.attach('cat.png', 'image/png', polyglot)).body as AttachmentRef;
    expect(ref.type).toBe('image/png');
    const kept = Buffer.from(
      await (await sam.fetchFile((await sam.urls([ref.id])).body.urls[ref.id].url)).arrayBuffer(),
    );
    expect(kept.includes(Buffer.from('<script'))).toBe(false);
  });

  it('refuses files whose bytes are HTML, SVG with script or an executable, whatever their name says', async () => {
    const { ann } = await setUp();
    for (const [name, type, bytes, decided] of [
      ['photo.png', 'image/png', HTML_AS_PNG, 'text/html'],
      ['logo.svg', '', SVG_WITH_SCRIPT, 'image/svg+xml'],
      ['report.pdf', 'application/pdf', ELF, 'application/x-elf'],
    ] as const) {
      const refused = await ann.attach(name, type, bytes);
      expectError(refused, 415, 1024);
      expect(refused.body.error.message).toContain(decided);
    }
  });

  it('refuses an image with more pixels than the limit before decoding it', async () => {
    const { ann } = await setUp();
    const refused = await ann.attach('bomb.png', 'image/png', pixelBomb());
    expectError(refused, 422, 1025);
    expect(refused.body.error.message).toMatch(/pixels/);
  });

  it('refuses a file larger than the task type takes, and a type it does not take, when announced', async () => {
    const { ann } = await setUp();
    expectError(
      await ann.announce({ name: 'big.pdf', size: 25 * 1024 * 1024 + 1, type: 'application/pdf' }),
      413,
      1023,
    );
    expectError(
      await ann.announce({ name: 'setup.exe', size: 10, type: 'application/x-msdownload' }),
      415,
      1024,
    );
    const game = await setUp({ type: 'game' });
    const gameToken = {
      participantToken: game.backend.participantToken({ userId: 'ann', role: 'buyer', task: game.task }),
    };
    expectError(
      await game.ann.announce({ name: 'notes.pdf', size: 10, type: 'application/pdf' }, gameToken),
      415,
      1024,
    );
  });

  it('refuses bytes that do not match the announced size, and a completion before any bytes', async () => {
    const { ann } = await setUp();
    const announced = (await ann.announce({ name: 'a.txt', size: 5, type: 'text/plain' }))
      .body as AttachmentAnswer;
    expectError(await ann.complete(announced), 409, 1027);
    const long = await ann.upload(announced, Buffer.from('0123456789'));
    expect(await refusal(long)).toEqual({
      status: 413,
      code: 1023,
    });
    const short = await ann.upload(announced, Buffer.from('012'));
    expect(await refusal(short)).toEqual({
      status: 409,
      code: 1027,
    });
    expectError(await ann.complete(announced), 409, 1027);
  });

  it('refuses callers who are not current participants, with their codes', async () => {
    const { backend, task, ann } = await setUp();
    const ref = (await ann.attach('a.png', 'image/png', await png())).body as AttachmentRef;
    const asCaller = (participantToken: string) => ({ participantToken });
    // Not a participant; a token of another task; forged; expired.
    const stranger = backend.participantToken({ userId: 'zoe', role: 'buyer', task });
    expectError(await ann.urls([ref.id], asCaller(stranger)), 403, 1004);
    const otherTask = backend.participantToken({ ...ANN, task: uniqueTaskId() });
    expectError(await ann.urls([ref.id], asCaller(otherTask)), 401, 1001);
    const forged = createParticipantToken({
      secret: 'not-the-embed-secret-0123456789abcdef',
      userId: 'ann',
      task,
      role: 'buyer',
    });
    expectError(await ann.urls([ref.id], asCaller(forged)), 401, 1001);
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign(
      { sub: 'ann', task, role: 'buyer', iat: now - 600, exp: now - 300 },
      EMBED_SECRET,
    );
    expectError(await ann.urls([ref.id], asCaller(expired)), 401, 1002);
    expectError(
      await ann.announce({ name: 'x.png', size: 10, type: 'image/png' }, asCaller(stranger)),
      403,
      1004,
    );
    // An observer reads files but may not attach.
    const oli = attachmentClient(backend, task, OLI);
    expect((await oli.urls([ref.id])).status).toBe(200);
    expectError(await oli.announce({ name: 'x.png', size: 10, type: 'image/png' }), 403, 1026);
  });

  it('stops serving a removed participant at once, URLs issued before included', async () => {
    const { backend, task, ann, sam } = await setUp();
    const ref = (await ann.attach('a.png', 'image/png', await png())).body as AttachmentRef;
    const url = (await sam.urls([ref.id])).body.urls[ref.id].url as string;
    expect((await sam.fetchFile(url)).status).toBe(200);
    await backend.admin('DELETE', `/tasks/${task}/participants/sam`);
    expectError(await sam.urls([ref.id]), 403, 1005);
    const file = await sam.fetchFile(url);
    expect(await refusal(file)).toEqual({
      status: 403,
      code: 1005,
    });
  });

  it('answers 404 for an id of another task, and lists ids it cannot serve as missing', async () => {
    const one = await setUp();
    const other = await setUp();
    const foreign = (await other.ann.attach('b.png', 'image/png', await png())).body as AttachmentRef;
    const own = (await one.ann.attach('a.png', 'image/png', await png())).body as AttachmentRef;
    expectError(await one.sam.urls([foreign.id]), 404, 1022);
    const mixed = await one.sam.urls([own.id, foreign.id, '0'.repeat(32)]);
    expect(mixed.status).toBe(200);
    expect(Object.keys(mixed.body.urls)).toEqual([own.id]);
    expect(mixed.body.missing).toEqual([foreign.id, '0'.repeat(32)]);
    // Completing another task's file, or a guessed id, is refused the same way.
    const guessed = { complete: `./attachments/${foreign.id}/complete` } as AttachmentAnswer;
    expectError(await one.ann.complete(guessed), 404, 1022);
  });

  it('refuses file URLs that are unsigned, forged, for another file or expired', async () => {
    let clock = Date.now();
    const { ann, sam } = await setUp({ now: () => clock });
    const a = (await ann.attach('a.png', 'image/png', await png())).body as AttachmentRef;
    const b = (await ann.attach('b.png', 'image/png', await png(10, 10))).body as AttachmentRef;
    const urls = (await sam.urls([a.id, b.id])).body.urls;
    const token = new URL(urls[a.id].url, 'http://x/').searchParams.get('token')!;
    const status = async (url: string) => {
      const response = await sam.fetchFile(url);
      return refusal(response);
    };
    expect(await status(`./${a.id}/file`)).toEqual({ status: 403, code: 1028 });
    expect(await status(`./${a.id}/file?token=${token.slice(0, -4)}AAAA`)).toEqual({
      status: 403,
      code: 1028,
    });
    expect(await status(`./${b.id}/file?token=${token}`)).toEqual({ status: 403, code: 1028 });
    expect(await status(`./${a.id}/thumbnail?token=${token}`)).toEqual({ status: 403, code: 1028 });
    clock += 11 * 60_000;
    expect(await status(urls[a.id].url)).toEqual({ status: 403, code: 1028 });
  });

  it('keeps a closed task’s files readable and takes no new ones', async () => {
    const { backend, task, ann, sam } = await setUp();
    const ref = (await ann.attach('a.png', 'image/png', await png())).body as AttachmentRef;
    await backend.admin('POST', `/tasks/${task}/close`);
    expect((await sam.urls([ref.id])).status).toBe(200);
    expectError(await ann.announce({ name: 'b.png', size: 10, type: 'image/png' }), 409, 1006);
    const token = await backend.requestToken({
      participantToken: backend.participantToken({ ...ANN, task }),
    });
    expect(token.body.attachments).toBeNull();
  });

  it('refuses a phone number in a file name where the task type refuses it in text', async () => {
    const { ann } = await setUp({ moderation: true });
    const refused = await ann.announce({ name: 'call me 415 555 0134.png', size: 100, type: 'image/png' });
    expectError(refused, 422, 1025);
    expect(refused.body.error.message).toContain('Phone numbers');
    expect((await ann.announce({ name: 'vase front.png', size: 100, type: 'image/png' })).status).toBe(201);
  });

  it('refuses malformed requests with 1008 and a bad id in the path with 1009', async () => {
    const { ann } = await setUp();
    expectError(await ann.announce({ name: '', size: 10, type: 'image/png' }), 400, 1008);
    expectError(await ann.announce({ name: 'a.png', size: 0, type: 'image/png' }), 400, 1008);
    expectError(await ann.announce({ name: 'a.png', size: 1.5, type: 'image/png' }), 400, 1008);
    expectError(await ann.urls([]), 400, 1008);
    expectError(await ann.urls(['../../etc/passwd']), 400, 1008);
    expectError(
      await ann.complete({ complete: './attachments/not-an-id/complete' } as AttachmentAnswer),
      400,
      1009,
    );
  });
});

describe('attachments over HTTP (S3)', () => {
  it('sends bytes to the bucket and serves them from it through presigned URLs, checked like on disk', async () => {
    const { ann, sam } = await setUp({ storage: new S3Storage(s3!.settings) });
    const photo = await jpegWithGps(800, 600);
    const announced = (await ann.announce({ name: 'vase.jpg', size: photo.length, type: 'image/jpeg' }))
      .body as AttachmentAnswer;
    expect(
      announced.upload.url.startsWith(`${s3!.settings.endpoint}/attachments/incoming/${announced.id}?`),
    ).toBe(true);
    expect((await ann.upload(announced, photo)).status).toBe(200);
    const ref = (await ann.complete(announced)).body as AttachmentRef;
    expect(ref).toMatchObject({ type: 'image/jpeg', width: 800, height: 600 });
    const entry = (await sam.urls([ref.id])).body.urls[ref.id];
    expect(entry.url.startsWith(`${s3!.settings.endpoint}/attachments/files/${ref.id}?`)).toBe(true);
    const file = await fetch(entry.url);
    expect(file.headers.get('content-disposition')).toBe('inline; filename=vase.jpg');
    expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).exif).toBeUndefined();
    const refused = await ann.attach('page.png', 'image/png', HTML_AS_PNG);
    expectError(refused, 415, 1024);
  });
});

export type { TestBackend };
