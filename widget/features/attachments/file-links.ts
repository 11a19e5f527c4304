import type { ReactiveControllerHost } from 'lit';
import type { AttachmentUrl } from '../../../server/contract/api-contract.js';
import type { ChatSession } from '../../session/chat-session.js';
import * as ErrorCode from '../../session/error-codes.js';
import type { AttachmentRef, FileState } from '../messages/attachment-refs.js';
import { fetchFileUrls } from './file-urls-client.js';

/** Ids asked for in one request (the route takes 50). */
const BATCH = 50;
/** URLs this close to expiring are asked for again before they are used. */
const REFRESH_MS = 60_000;
/** After a failed request, the same ids wait this long before they are asked for again. */
const BACKOFF_MS = 10_000;

/**
 * Where the reader's browser fetches the files on screen: the rows ask as they are drawn, the asks of one render
 * go out together (up to 50 ids a request), and URLs are reused until a minute before they expire. Ids the
 * backend does not serve are remembered as missing. Also keeps what the rows said about each file, for the full
 * view.
 */
export class FileLinks {
  /** Changes whenever a file's links do (rows with files redraw then). */
  version = 0;
  private readonly _links = new Map<string, AttachmentUrl | 'missing'>();
  private readonly _refs = new Map<string, AttachmentRef>();
  private readonly _wanted = new Set<string>();
  private readonly _inFlight = new Set<string>();
  private readonly _retryAt = new Map<string, number>();
  private _scheduled = false;

  constructor(
    private readonly _host: ReactiveControllerHost,
    private readonly _session: () => ChatSession | undefined,
  ) {}

  /** The links of `refs` as far as known; asks for the others (and for those about to expire). */
  of(refs: readonly AttachmentRef[]): ReadonlyMap<string, FileState> {
    const now = Date.now();
    const known = new Map<string, FileState>();
    for (const ref of refs) {
      this._refs.set(ref.id, ref);
      const link = this._links.get(ref.id);
      if (link === 'missing') {
        known.set(ref.id, 'missing');
        continue;
      }
      if (link) known.set(ref.id, link);
      if ((!link || link.expiresAt - now < REFRESH_MS) && (this._retryAt.get(ref.id) ?? 0) <= now) {
        this._want(ref.id);
      }
    }
    return known;
  }

  /** What the conversation said about a file (name, type, size, dimensions), and its links if known. */
  file(id: string): { ref: AttachmentRef; link?: AttachmentUrl } | undefined {
    const ref = this._refs.get(id);
    if (!ref) return undefined;
    const link = this._links.get(id);
    return link && link !== 'missing' ? { ref: { ...ref, ...pick(link) }, link } : { ref };
  }

  private _want(id: string): void {
    if (this._inFlight.has(id)) return;
    this._wanted.add(id);
    if (this._scheduled) return;
    this._scheduled = true;
    // After the render that asked: one request for every row drawn.
    queueMicrotask(() => {
      this._scheduled = false;
      const ids = [...this._wanted];
      this._wanted.clear();
      for (let i = 0; i < ids.length; i += BATCH) void this._load(ids.slice(i, i + BATCH));
    });
  }

  private async _load(ids: string[]): Promise<void> {
    const session = this._session();
    if (!session?.routes.attachmentUrls) return;
    for (const id of ids) this._inFlight.add(id);
    try {
      const answer = await fetchFileUrls(session, ids);
      for (const [id, link] of Object.entries(answer.urls)) this._links.set(id, link);
      for (const id of answer.missing) this._links.set(id, 'missing');
    } catch (err) {
      const code = (err as { code?: number }).code;
      // None of them is a file of this task: say so instead of asking again.
      if (code === ErrorCode.UnknownAttachment) {
        for (const id of ids) this._links.set(id, 'missing');
      } else {
        for (const id of ids) this._retryAt.set(id, Date.now() + BACKOFF_MS);
      }
    } finally {
      for (const id of ids) this._inFlight.delete(id);
    }
    this.version++;
    this._host.requestUpdate();
  }
}

/** The backend's record of a file: it prevails over what the message's metadata said. */
function pick(link: AttachmentUrl): Partial<AttachmentRef> {
  const { name, size, type, width, height } = link;
  return { name, size, type, ...(width && height ? { width, height } : {}) };
}
