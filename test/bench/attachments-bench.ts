import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AttachmentAnswer } from '../../server/contract/api-contract.js';
import { DiskStorage } from '../../server/backend/attachments/disk-storage.js';
import { createParticipantToken } from '../../server/backend/participants/participant-token.js';
import { vasePhoto } from '../../server/demo-host/demo-pictures.js';
import { launchChromium } from '../support/chromium.js';
import { VisualStack, type Person } from '../visual/visual-stack.js';
import {
  codeRevision,
  machineInfo,
  progress,
  round,
  summarizeLatencies,
  writeResult,
} from './bench-support.js';
import { startChildServer } from './child-server.js';

/** The file of the throughput figure (issue #17: a 50 MB upload end to end). */
const FILE_BYTES = 50 * 1024 * 1024;
const ROUNDS = 5;
/** Sends measured from send to the other participant's thumbnail painted, after one warm-up. */
const PAINTS = 20;
/** Goal (issue #17): end-to-end throughput at least half a raw write of the same bytes to the same storage. */
const GOAL_RATIO = 0.5;
const EMBED = randomBytes(24).toString('hex');
const SERVER = randomBytes(24).toString('hex');
const TASK = 'ticket:bench';
const USER = { userId: 'u-bench', role: 'customer' as const, name: 'Bench' };

/**
 * `npm run bench -- attachments`: (1) a 50 MB file uploaded end to end — announce, send the bytes, complete — to
 * the standalone backend in its own process with disk storage, against a raw write of the same bytes to the same
 * storage in this process, in alternating rounds; the backend's RSS is sampled every 10 ms while it takes them.
 * (2) In Chromium, the time from one participant pressing Send on a message with a photo to the other's element
 * painting its thumbnail (p50/p99).
 */
export async function runAttachmentsBench(): Promise<void> {
  const machine = await machineInfo();
  const upload = await uploadThroughput();
  const paint = await thumbnailPaint();
  await writeResult('attachments', {
    benchmark: 'attachments',
    date: new Date().toISOString(),
    machine,
    revision: codeRevision(['server', 'widget', 'test/bench']),
    upload,
    paint,
  });
}

async function uploadThroughput() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-attachments-'));
  const file = join(dir, 'manual.pdf');
  writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(FILE_BYTES - 9)]));
  const backend = await startChildServer('server/backend/main.ts', [], {
    env: {
      PORT: '0',
      EMBED_SECRET: EMBED,
      SERVER_SECRET: SERVER,
      // Uploads never reach Ably: any well-formed key will do.
      ABLY_LOCAL_KEY: 'bench.bench:not-used-by-uploads',
      SQLITE_PATH: join(dir, 'store.sqlite'),
      ATTACHMENTS_DIR: join(dir, 'files'),
      ATTACHMENT_MAX_BYTES: String(64 * 1024 * 1024),
      RATE_LIMIT_ATTACHMENTS_PER_USER: '100000',
      PUSH_ALERTS: 'false',
      LOG_LEVEL: 'warn',
    },
  });
  const base = `http://127.0.0.1:${backend.port}/api`;
  try {
    const admin = { authorization: `Bearer ${SERVER}`, 'content-type': 'application/json' };
    await ok(
      fetch(`${base}/tasks/${TASK}`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ type: 'ticket', title: 'Bench' }),
      }),
    );
    await ok(
      fetch(`${base}/tasks/${TASK}/participants/${USER.userId}`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ role: USER.role, name: USER.name }),
      }),
    );
    const storage = new DiskStorage(join(dir, 'files'));
    const raw: number[] = [];
    const endToEnd: number[] = [];
    // One upload first, so the backend has loaded everything it uses before its memory is read.
    await uploadOnce(base, file);
    const rss = { before: backend.rssBytes(), max: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      let started = performance.now();
      await storage.put(`raw/r${round}`, createReadStream(file), FILE_BYTES);
      raw.push(performance.now() - started);
      await storage.delete([`raw/r${round}`]);
      const sampler = setInterval(() => (rss.max = Math.max(rss.max, backend.rssBytes())), 10);
      started = performance.now();
      await uploadOnce(base, file);
      endToEnd.push(performance.now() - started);
      clearInterval(sampler);
      progress(
        `upload round ${round + 1}: raw ${Math.round(raw.at(-1)!)} ms, end to end ${Math.round(endToEnd.at(-1)!)} ms`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const mbps = (ms: number) => round(FILE_BYTES / 1024 / 1024 / (ms / 1000), 1);
    const ratio = round(median(raw) / median(endToEnd), 2);
    return {
      fileBytes: FILE_BYTES,
      rounds: ROUNDS,
      rawWriteMedianMs: Math.round(median(raw)),
      rawWriteMBps: mbps(median(raw)),
      endToEndMedianMs: Math.round(median(endToEnd)),
      endToEndMBps: mbps(median(endToEnd)),
      ratio,
      goalRatio: GOAL_RATIO,
      meetsGoal: ratio >= GOAL_RATIO,
      backendRss: {
        beforeMB: round(rss.before / 1024 / 1024, 1),
        maxWhileUploadingMB: round(rss.max / 1024 / 1024, 1),
        growthMB: round((rss.max - rss.before) / 1024 / 1024, 1),
        note: 'the backend streams: its RSS grows by far less than the 50 MB file',
      },
    };
  } finally {
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Announce, send the bytes as told, complete: what the element does for one file. */
async function uploadOnce(base: string, path: string): Promise<void> {
  const participantToken = createParticipantToken({
    secret: EMBED,
    userId: USER.userId,
    task: TASK,
    role: USER.role,
  });
  const route = `${base}/tasks/${encodeURIComponent(TASK)}/attachments`;
  const json = { 'content-type': 'application/json' };
  const announced = (await (
    await ok(
      fetch(route, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          participantToken,
          name: 'manual.pdf',
          size: FILE_BYTES,
          type: 'application/pdf',
        }),
      }),
    )
  ).json()) as AttachmentAnswer;
  await put(new URL(announced.upload.url, route), announced.upload.headers, path);
  await ok(
    fetch(new URL(announced.complete, route), {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ participantToken }),
    }),
  );
}

/** Streams a file as the body of a PUT, as a browser sends a File (a known length, no copy in memory). */
async function put(url: URL, headers: Record<string, string>, path: string): Promise<void> {
  const req = request(url, { method: 'PUT', headers: { ...headers, 'content-length': String(FILE_BYTES) } });
  const answered = new Promise<number>((resolve, reject) => {
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
  });
  await pipeline(createReadStream(path), req);
  const status = await answered;
  if (status !== 204) throw new Error(`unable to run the bench; the upload answered ${status}`);
}

async function thumbnailPaint() {
  const ANN: Person = { userId: 'u-ann', name: 'Ann', role: 'buyer' };
  const SAM: Person = { userId: 'u-sam', name: 'Sam', role: 'seller' };
  const task = 'order:paint';
  const stack = await VisualStack.start();
  const browser = await launchChromium();
  const photo = join(mkdtempSync(join(tmpdir(), 'bench-photo-')), 'vase.jpg');
  writeFileSync(photo, await vasePhoto());
  try {
    await stack.createTask(task, 'Paint bench', [ANN, SAM]);
    const page = async (who: Person) => {
      const p = await browser.newPage({ viewport: { width: 460, height: 720 } });
      const url = stack.page(
        who.userId,
        `<!doctype html><html lang="en"><meta charset="utf-8"><link rel="icon" href="data:,"><body>
        <embedded-chat style="height:680px;width:420px" loading="eager" task="${task}" token-url="${stack.backendUrl}/api/token"
          participant-token="${stack.participantToken(task, who)}"></embedded-chat>
        <script type="module" src="/dist/embedded-chat.js"></script></body></html>`,
      );
      await p.goto(url);
      await p.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 20_000 });
      await p.getByRole('button', { name: 'Attach file' }).waitFor({ timeout: 20_000 });
      return p;
    };
    const ann = await page(ANN);
    const sam = await page(SAM);
    const samples = new Float64Array(PAINTS);
    for (let i = -1; i < PAINTS; i++) {
      const caption = `photo ${i + 2}`;
      await ann.locator('input[type="file"]').setInputFiles(photo);
      await ann.getByRole('button', { name: 'Remove vase.jpg' }).waitFor({ timeout: 20_000 });
      // Sam's page reports when the thumbnail of this message is painted (loaded, then the next frame).
      const painted = sam.evaluate(`(${PAINTED})(${JSON.stringify(caption)})`) as Promise<number>;
      await ann.getByRole('textbox', { name: 'Message' }).fill(caption);
      const sentAt = Date.now();
      await ann.getByRole('textbox', { name: 'Message' }).press('Enter');
      const at = await painted;
      if (i >= 0) samples[i] = at - sentAt;
      progress(`paint ${i + 1}: ${Math.round(at - sentAt)} ms${i < 0 ? ' (warm-up)' : ''}`);
    }
    return {
      sends: PAINTS,
      photo: 'vase.jpg, 1200×900 JPEG (a 640 px WebP thumbnail)',
      sendToThumbnailPaintedMs: summarizeLatencies(samples, PAINTS),
      note: 'from Enter in one element (the file already stored) to the next frame after the other element has the thumbnail loaded; both pages in one Chromium on this machine',
    };
  } finally {
    await browser.close();
    await stack.close();
  }
}

/**
 * In the other page: resolves with the epoch ms of the frame after the thumbnail of the message with `text` is
 * loaded. A string, so the bundler's helpers never reach the page.
 */
const PAINTED = `(text) => new Promise((resolve) => {
  const view = () => document.querySelector('embedded-chat').shadowRoot.querySelector('embedded-chat-view').shadowRoot;
  const look = () => {
    const row = [...view().querySelectorAll('article')].find((a) => a.textContent.includes(text));
    const img = row && row.querySelector('button.photo img');
    if (img && img.complete && img.naturalWidth > 0) {
      requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
    } else requestAnimationFrame(look);
  };
  look();
})`;

async function ok(response: Promise<Response>): Promise<Response> {
  const answer = await response;
  if (!answer.ok)
    throw new Error(
      `unable to run the bench; ${answer.url} answered ${answer.status} ${await answer.text()}`,
    );
  return answer;
}
