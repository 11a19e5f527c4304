import { agentRunErrors } from './agent-run-errors.js';

/** Whether a content type asks for NDJSON output (`{"text": "…"}` per line) rather than plain text. */
export function isNdjson(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-ndjson' || type === 'application/jsonl';
}

/**
 * The text pieces of an agent's streamed output, as its bytes arrive: plain UTF-8 text (a character split
 * across chunks waits for its last byte), or NDJSON lines of `{"text": "…"}` (a line split across chunks waits
 * for its end; empty lines are skipped). A malformed line throws 1047.
 */
export async function* outputPieces(body: AsyncIterable<Buffer>, ndjson: boolean): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  if (!ndjson) {
    for await (const chunk of body) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
    return;
  }
  let pending = '';
  let line = 0;
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      const text = ndjsonText(pending.slice(0, end), ++line);
      pending = pending.slice(end + 1);
      if (text) yield text;
    }
  }
  pending += decoder.decode();
  const last = ndjsonText(pending, ++line);
  if (last) yield last;
}

function ndjsonText(line: string, number: number): string | undefined {
  if (line.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw agentRunErrors.malformedAgentOutput(`line ${number} is not JSON`);
  }
  const text = (value as { text?: unknown } | null)?.text;
  if (typeof value !== 'object' || Array.isArray(value) || typeof text !== 'string') {
    throw agentRunErrors.malformedAgentOutput(`line ${number} is not a {"text": "…"} object`);
  }
  return text;
}
