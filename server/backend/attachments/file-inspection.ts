import type { Readable } from 'node:stream';
import { fileTypeFromStream } from 'file-type';

/** Bytes read to tell text from binary. */
const HEAD_BYTES = 64 * 1024;

/**
 * Markup a browser would sniff as HTML (the WHATWG MIME Sniffing "HTML" patterns), and SVG: text that starts
 * with it is not plain text, whatever its name says.
 */
const MARKUP =
  /^<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|\?xml|!--)[\s>/]/i;

/**
 * The media type of a file, decided by its bytes only (issue #17): binary formats by their signatures
 * (`file-type`), then text — `text/plain` when the start is UTF-8 without NUL bytes, but `text/html` or
 * `image/svg+xml` when it starts with markup a browser would render, and `text/x-shellscript` after `#!`.
 * Undefined for bytes nothing recognises. `open` is called once or twice (each stream is read only as far as
 * needed, then closed).
 */
export async function typeFromBytes(open: () => Promise<Readable>): Promise<string | undefined> {
  const stream = await open();
  try {
    const detected = await fileTypeFromStream(stream);
    if (detected) return detected.mime;
  } finally {
    stream.destroy();
  }
  return textTypeOf(await readHead(await open(), HEAD_BYTES));
}

/** The text type of a file's first bytes, or undefined when they are not UTF-8 text. Pure. */
export function textTypeOf(head: Uint8Array): string | undefined {
  if (head.includes(0)) return undefined;
  let text: string;
  try {
    // `stream: true` lets the sample end inside a character.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return undefined;
  }
  const start = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 512);
  if (start.startsWith('#!')) return 'text/x-shellscript';
  if (MARKUP.test(start)) return /<svg[\s>/]/i.test(start) ? 'image/svg+xml' : 'text/html';
  return 'text/plain';
}

/** The first `max` bytes of a stream (fewer when it is shorter); the stream is closed after. */
async function readHead(stream: Readable, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      chunks.push(buffer);
      length += buffer.length;
      if (length >= max) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, max);
}
