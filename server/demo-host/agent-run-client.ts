import type { AgentRunAnswer, AgentRunRequest } from '../contract/api-contract.js';
import type { HostSettings } from './host-client.js';

/**
 * A host's agent on the backend's public HTTP API (any language can do the same; docs/http-api.md): it starts a
 * run for a participant, then streams the model's output as one `text/plain` request body while the backend
 * appends it to the run. When the participant presses Stop the backend answers at once with `cancelled`: the
 * model is aborted and writes no more.
 */
export async function runAgent(
  settings: Pick<HostSettings, 'backendUrl' | 'serverSecret'>,
  task: string,
  request: AgentRunRequest,
  model: (signal: AbortSignal) => AsyncIterable<string>,
): Promise<AgentRunAnswer> {
  const base = `${settings.backendUrl}/api/tasks/${encodeURIComponent(task)}/agent-runs`;
  const auth = { authorization: `Bearer ${settings.serverSecret}` };
  const created = await fetch(base, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (created.status !== 201) {
    throw new Error(`unable to start an agent run; ${created.status} ${await created.text()}`);
  }
  const { run } = (await created.json()) as AgentRunAnswer;
  const stop = new AbortController();
  const tokens = model(stop.signal)[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await tokens.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      stop.abort();
    },
  });
  const answered = await fetch(`${base}/${encodeURIComponent(run)}/output`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/plain; charset=utf-8' },
    body,
    duplex: 'half',
  } as RequestInit);
  // Answered before the body ended (a stop, a failure): the model writes no more.
  stop.abort();
  const answer = (await answered.json()) as AgentRunAnswer & { error?: { message: string } };
  if (!answered.ok)
    throw new Error(`unable to stream the agent's output; ${answer.error?.message ?? answered.status}`);
  return answer;
}
