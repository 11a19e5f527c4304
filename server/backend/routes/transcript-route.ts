import { once } from 'node:events';
import type { Response, Router } from 'express';
import type { Logger } from 'pino';
import { roomNameFor } from '../ably-auth/channel-names.js';
import { errors } from '../errors.js';
import type { Store } from '../store/store.js';
import type { HistoryReader } from '../transcripts/history-reader.js';
import { toTranscriptEntry, type HistoryItem, type KnownSender } from '../transcripts/transcript-entry.js';
import { FORMATS, TRANSCRIPT_FORMATS, type TranscriptFormatName } from '../transcripts/transcript-formats.js';
import { taskParam } from './request-body.js';

const OPERATION = 'export transcript';

export interface TranscriptRouteDeps {
  store: Store;
  history: HistoryReader;
  logger: Logger;
  now: () => number;
}

/**
 * Adds `GET /tasks/:task/transcript?format=json|html|text` to the tasks API (mounted behind its server
 * secret): the task's whole conversation from Ably history, oldest first, streamed page by page. The first
 * page is read before anything is sent, so a failure there is a normal error (502, 1014); a later failure
 * cuts the response short (it never ends well-formed) and is logged.
 */
export function addTranscriptRoute(router: Router, deps: TranscriptRouteDeps): void {
  router.get('/tasks/:task/transcript', async (req, res) => {
    const taskId = taskParam(req, OPERATION);
    const formatName = formatParam(req.query.format);
    res.locals.logFields = { task: taskId, format: formatName };
    const task = await deps.store.getTask(taskId);
    if (!task) throw errors.unknownTask(OPERATION, taskId);
    const known = new Map<string, KnownSender>(
      (await deps.store.listParticipants(taskId)).map((p) => [p.userId, { name: p.name, role: p.role }]),
    );
    const pages = deps.history.pages(roomNameFor(taskId));
    const first = await pages.next();
    const format = FORMATS[formatName];
    res.status(200).set({
      'Content-Type': format.contentType,
      'Cache-Control': 'no-store',
      'Content-Disposition': `inline; filename="transcript-${taskId.replace(/[^\w.-]/g, '_')}.${extension(formatName)}"`,
      ...format.headers,
    });
    let count = 0;
    const writePage = async (items: HistoryItem[]) => {
      let chunk = '';
      for (const item of items) chunk += format.entry(toTranscriptEntry(item, known), count++);
      await write(res, chunk);
    };
    try {
      await write(
        res,
        format.head({
          task: taskId,
          type: task.type,
          title: task.title,
          url: task.url,
          exportedAt: deps.now(),
        }),
      );
      if (!first.done) await writePage(first.value);
      for await (const items of pages) await writePage(items);
      res.end(format.tail(count));
    } catch (err) {
      if (err instanceof ClientGone) deps.logger.debug({ task: taskId }, 'transcript: the client went away');
      else deps.logger.error({ err, task: taskId }, 'unable to export transcript; cut short');
      res.destroy();
    }
  });
}

function formatParam(value: unknown): TranscriptFormatName {
  if (value === undefined) return 'json';
  if (typeof value === 'string' && (TRANSCRIPT_FORMATS as readonly string[]).includes(value)) {
    return value as TranscriptFormatName;
  }
  throw errors.invalidQuery(OPERATION, `format must be ${TRANSCRIPT_FORMATS.join(', ')}`);
}

function extension(format: TranscriptFormatName): string {
  return format === 'text' ? 'txt' : format;
}

/** Writes a chunk, waiting for the socket to drain when it is full (a long history never piles up). */
async function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed) throw new ClientGone();
  if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

class ClientGone extends Error {
  constructor() {
    super('the client closed the connection');
  }
}
