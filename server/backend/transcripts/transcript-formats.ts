import { createHash } from 'node:crypto';
import type { TranscriptEntry } from './transcript-entry.js';

/**
 * The three transcript formats as pieces written in turn — `head`, one `entry` per message, `tail` — so a long
 * history streams page by page. Pure: every piece is a string of the entries given.
 */
export interface TranscriptHeader {
  task: string;
  type: string;
  title: string;
  url: string | null;
  /** Epoch ms. */
  exportedAt: number;
}

export interface TranscriptFormat {
  contentType: string;
  /** Extra response headers (the HTML's own CSP). */
  headers: Record<string, string>;
  head(header: TranscriptHeader): string;
  /** `index` is 0-based. */
  entry(entry: TranscriptEntry, index: number): string;
  tail(count: number): string;
}

export type TranscriptFormatName = 'json' | 'html' | 'text';

export const TRANSCRIPT_FORMATS: readonly TranscriptFormatName[] = ['json', 'html', 'text'];

/** `{ task, type, title, url, exportedAt, messages: [...], count }`, one message per line. */
const json: TranscriptFormat = {
  contentType: 'application/json; charset=utf-8',
  headers: {},
  head: (header) => `${JSON.stringify(header).slice(0, -1)},"messages":[\n`,
  entry: (entry, index) => `${index === 0 ? '' : ',\n'}${JSON.stringify(entry)}`,
  tail: (count) => `\n],"count":${count}}\n`,
};

const STYLE =
  'body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#111}h1{font-size:1.3rem;margin:0}' +
  '.about{color:#555;margin:.25rem 0 1.5rem}ol{list-style:none;padding:0}li{margin:0 0 .9rem;break-inside:avoid}' +
  '.meta{color:#555;font-size:.85rem}.who{color:#111;font-weight:600}.text{white-space:pre-wrap;margin:.15rem 0}' +
  '.gone{font-style:italic;color:#777}.reactions,.files{font-size:.85rem;color:#555}.files{margin:.15rem 0;padding:0 0 0 1rem}';
/** The page's CSP allows exactly its own stylesheet, nothing else (no script, image or request). */
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** A printable page; every piece of message or task text is escaped. */
const html: TranscriptFormat = {
  contentType: 'text/html; charset=utf-8',
  headers: {
    'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'`,
  },
  head: (header) =>
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(header.title)} — transcript</title><style>${STYLE}</style></head><body>\n` +
    `<h1>${escapeHtml(header.title)}</h1>\n<p class="about">Task ${escapeHtml(header.task)} ` +
    `(${escapeHtml(header.type)}) · exported <time datetime="${iso(header.exportedAt)}">` +
    `${readableTime(header.exportedAt)}</time></p>\n<ol>\n`,
  entry: (entry) => {
    const changed = entry.deleted ? 'deleted' : entry.edited ? 'edited' : '';
    const by = changed && entry.changedBy ? ` by ${escapeHtml(entry.changedBy)}` : '';
    const text = entry.deleted
      ? '<p class="text gone">This message was deleted.</p>'
      : `<p class="text">${escapeHtml(entry.text)}</p>`;
    const reactions = reactionList(entry);
    const files = entry.attachments.map((a) => `<li>${escapeHtml(describeFile(a))}</li>`).join('');
    return (
      `<li id="m-${escapeHtml(entry.serial)}"><p class="meta"><span class="who">${escapeHtml(senderName(entry))}</span>` +
      `${entry.sender.role ? ` (${escapeHtml(entry.sender.role)})` : ''} · ` +
      `<time datetime="${iso(entry.sentAt)}">${readableTime(entry.sentAt)}</time>` +
      `${changed ? ` · ${changed}${by}` : ''}</p>${text}` +
      `${files ? `<ul class="files">${files}</ul>` : ''}` +
      `${reactions ? `<p class="reactions">${escapeHtml(reactions)}</p>` : ''}</li>\n`
    );
  },
  tail: (count) =>
    `</ol>\n<p class="about">${count} ${count === 1 ? 'message' : 'messages'}</p>\n</body></html>\n`,
};

/** Lines for a ticket or an e-mail: `[time] Name (role): text`, continuation lines indented. */
const text: TranscriptFormat = {
  contentType: 'text/plain; charset=utf-8',
  headers: {},
  head: (header) =>
    `${plain(header.title)}\nTask ${plain(header.task)} (${plain(header.type)}), exported ` +
    `${readableTime(header.exportedAt)}\n\n`,
  entry: (entry) => {
    const role = entry.sender.role ? ` (${plain(entry.sender.role)})` : '';
    const mark = entry.deleted ? '' : entry.edited ? ' [edited]' : '';
    const body = entry.deleted ? '[message deleted]' : plain(entry.text).replace(/\n/g, '\n    ');
    const reactions = reactionList(entry);
    const files = entry.attachments.map((a) => `    Attachment: ${plain(describeFile(a))}\n`).join('');
    return (
      `[${readableTime(entry.sentAt)}] ${plain(senderName(entry))}${role}${mark}: ${body}\n` +
      files +
      (reactions ? `    Reactions: ${plain(reactions)}\n` : '')
    );
  },
  tail: (count) => `\n${count} ${count === 1 ? 'message' : 'messages'}\n`,
};

export const FORMATS: Readonly<Record<TranscriptFormatName, TranscriptFormat>> = { json, html, text };

/** Text as HTML text or attribute value: `& < > " '` escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Plain text without control characters (a terminal would act on them), line breaks and tabs kept. */
function plain(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\p{Cc}\u2028\u2029]/gu, (c) => (c === '\n' || c === '\t' ? c : ''));
}

function senderName(entry: TranscriptEntry): string {
  return entry.sender.name ?? entry.sender.userId;
}

function reactionList(entry: TranscriptEntry): string {
  return Object.entries(entry.reactions)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
}

/** `vase.jpg (1.2 MB, image/jpeg)`. */
function describeFile(file: { name: string; size: number; type: string }): string {
  return `${file.name} (${readableSize(file.size)}, ${file.type})`;
}

function readableSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const [value, unit] = bytes < 1_000_000 ? [bytes / 1000, 'KB'] : [bytes / 1_000_000, 'MB'];
  return `${value.toFixed(value < 10 ? 1 : 0)} ${unit}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** `2024-05-01 10:30:12 UTC`. */
function readableTime(ms: number): string {
  return `${iso(ms).slice(0, 19).replace('T', ' ')} UTC`;
}
