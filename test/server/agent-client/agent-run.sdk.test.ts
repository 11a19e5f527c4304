import { describe, expect, it, vi } from 'vitest';
import { AgentRunError, startRun } from '../../../server/agent-client/index.js';
import { ErrorCode } from '../../../server/backend/errors.js';
import { SERVER_SECRET } from '../backend/backend-harness.js';
import { agentTask, headersOf, shown, stopRun } from '../backend/agent-runs/agent-run-harness.js';

/** `startRun` against a test backend, for `ann`. */
function begin(url: string, task: string, agentId: string) {
  return startRun({ apiUrl: `${url}/api`, serverSecret: SERVER_SECRET, task, agentId, userId: 'ann' });
}

/** A scripted "model": yields words, waiting for `next()` between them, until aborted. */
function scriptedModel(words: string[], signal?: () => AbortSignal) {
  let release: (() => void) | undefined;
  const next = () => release?.();
  async function* stream() {
    for (const word of words) {
      if (signal?.().aborted) return;
      await new Promise<void>((resolve) => (release = resolve));
      yield word;
    }
  }
  return { stream, next };
}

describe('embedded-chat/agent', () => {
  it('streams what the agent writes into the run and ends it complete', async () => {
    const { backend, task, onAgentChannel, chat } = await agentTask();
    const run = await begin(backend.url, task, 'help-bot');
    expect(run.started).toMatchObject({ run: run.id, status: 'streaming', task });
    run.write('Hello ');
    await vi.waitFor(() => expect(shown(onAgentChannel)).toBe('Hello '));
    run.write('Ann!');
    const end = await run.end();
    expect(end).toMatchObject({ run: run.id, status: 'complete' });
    expect(run.signal.aborted).toBe(false);
    await vi.waitFor(() => expect(chat.map((e) => e.message.text)).toEqual(['Hello Ann!']));
  });

  it('fires run.signal when the user stops the run, and pipe() stops reading the model', async () => {
    const { backend, task, onAgentChannel } = await agentTask();
    const run = await begin(backend.url, task, 'help-bot');
    const model = scriptedModel(['one ', 'two ', 'three ', 'four '], () => run.signal);
    const piped = run.pipe(model.stream());
    model.next();
    await vi.waitFor(() => expect(shown(onAgentChannel)).toBe('one '));
    await stopRun(backend, task, run.id, 'ann');
    await vi.waitFor(() => expect(run.signal.aborted).toBe(true));
    expect(run.signal.reason).toBe('cancelled');
    model.next();
    expect(await piped).toMatchObject({ status: 'cancelled' });
    await vi.waitFor(() => expect(headersOf(onAgentChannel.at(-1)!).status).toBe('cancelled'));
    expect(onAgentChannel.at(-1)!.data).toBe('one ');
  });

  it('rejects with the backend’s code when the run cannot start', async () => {
    const { backend, task } = await agentTask();
    const refused = begin(backend.url, task, 'dana');
    await expect(refused).rejects.toBeInstanceOf(AgentRunError);
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.NotAnAgent, status: 403 });
  });

  it('fails the run, keeping its text, when the agent aborts', async () => {
    const { backend, task, onAgentChannel } = await agentTask();
    const run = await begin(backend.url, task, 'help-bot');
    run.write('Partial');
    await vi.waitFor(() => expect(shown(onAgentChannel)).toBe('Partial'));
    run.abort();
    await expect(run.end()).rejects.toBeDefined();
    await vi.waitFor(() => expect(headersOf(onAgentChannel.at(-1)!).status).toBe('failed'));
    expect(onAgentChannel.at(-1)!.data).toBe('Partial');
  });
});
