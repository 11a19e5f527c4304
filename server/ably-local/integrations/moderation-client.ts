import { setTimeout as delay } from 'node:timers/promises';
import type { ModerationRule } from './moderation-rule.js';
import { interpretAnswer, MAX_ANSWER_BYTES, type AttemptOutcome } from './moderation-verdict.js';

/** A decision, or why none came. */
export type RuleOutcome =
  { kind: 'accept' } | { kind: 'reject'; detail: Record<string, string> } | { kind: 'fail'; why: string };

/** First pause between attempts; doubles each time, within what is left of the rule's budget. */
const FIRST_BACKOFF_MS = 50;

/**
 * Asks a rule's endpoint about one message: POSTs `body` (JSON) with the rule's headers, retries 5xx, network
 * errors and (when the rule says so) 429 with backoff, and stops when `timeoutMs` is spent (Ably's "Retry
 * timeout" covers every attempt). Never throws: every problem becomes `fail` with a reason (DESIGN §12.3).
 */
export async function askRule(rule: ModerationRule, body: string): Promise<RuleOutcome> {
  const deadline = Date.now() + rule.timeoutMs;
  let backoff = FIRST_BACKOFF_MS;
  let outcome: AttemptOutcome = { kind: 'fail', why: 'no attempt made' };
  for (let attempt = 0; attempt <= rule.maxRetries; attempt++) {
    const left = deadline - Date.now();
    if (left <= 0) return { kind: 'fail', why: `no answer within ${rule.timeoutMs} ms` };
    outcome = await attemptOnce(rule, body, left);
    if (outcome.kind !== 'retry') return outcome;
    if (attempt === rule.maxRetries) break;
    const pause = Math.min(backoff, deadline - Date.now());
    if (pause <= 0) return { kind: 'fail', why: `${outcome.why}; no time left to retry` };
    await delay(pause);
    backoff *= 2;
  }
  return { kind: 'fail', why: `${outcome.kind === 'retry' ? outcome.why : 'failed'} after every retry` };
}

async function attemptOnce(rule: ModerationRule, body: string, timeoutMs: number): Promise<AttemptOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(rule.url, {
      method: 'POST',
      headers: { ...rule.headers, 'content-type': 'application/json', accept: 'application/json' },
      body,
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    return signal.aborted
      ? { kind: 'fail', why: `no answer within ${rule.timeoutMs} ms` }
      : { kind: 'retry', why: `unreachable (${describe(err)})` };
  }
  let text: string | undefined;
  try {
    text = await readCapped(response);
  } catch (err) {
    return signal.aborted
      ? { kind: 'fail', why: `no complete answer within ${rule.timeoutMs} ms` }
      : { kind: 'retry', why: `answer broke off (${describe(err)})` };
  }
  if (text === undefined) return { kind: 'fail', why: `answer longer than ${MAX_ANSWER_BYTES} bytes` };
  return interpretAnswer(response.status, text, rule.tooManyRequestsAction === 'retry');
}

/** The body as UTF-8, or undefined once it passes MAX_ANSWER_BYTES (the rest is not read). */
async function readCapped(response: Response): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return err instanceof Error ? err.message : String(err);
}
