import type { ChatMessageEvent } from '@ably/chat';
import type * as Ably from 'ably';
import type { AgentRunSettings } from '../../../../server/backend/agent-runs/agent-run-service.js';
import type { PushOptions } from '../../../../server/backend/push/push-options.js';
import {
  SERVER_SECRET,
  fetchJson,
  joinRoom,
  startBackend,
  uniqueTaskId,
  type JsonResponse,
  type TestBackend,
} from '../backend-harness.js';

/** The rule Ably's cloud gets from `npm run ably-setup`: appends on `agent:*` (docs/production.md). */
export const AGENT_NAMESPACE_RULE = { id: 'agent', mutableMessages: true };

/** The text a subscriber shows: a create or update sets it, an append adds its fragment. */
export function shown(messages: readonly Ably.InboundMessage[]): string {
  let text = '';
  for (const m of messages) {
    if (m.action === 'message.append') text += m.data as string;
    else if (m.action === 'message.create' || m.action === 'message.update') text = m.data as string;
  }
  return text;
}

/** The run headers of a message on the agent channel. */
export function headersOf(message: Ably.InboundMessage | Ably.Message): Record<string, string> {
  return (message.extras as { headers: Record<string, string> }).headers;
}

/**
 * A backend with the agent rule, a support task (customer `ann`, staff `dana`, bot `help-bot`) and `ann`'s
 * widget watching the agent channel and the room.
 */
export async function agentTask(
  settings: Partial<AgentRunSettings> = {},
  useBinaryProtocol = false,
  push: PushOptions = {},
) {
  const backend = await startBackend({ agentRuns: settings, push }, { namespaces: [AGENT_NAMESPACE_RULE] });
  const task = uniqueTaskId('ticket');
  await backend.createTask(task, [
    { userId: 'ann', role: 'customer', name: 'Ann' },
    { userId: 'dana', role: 'agent', name: 'Dana' },
    { userId: 'help-bot', role: 'bot', name: 'Help bot' },
  ]);
  const ann = await joinRoom(backend, task, 'ann', 'customer', useBinaryProtocol);
  const agentChannel = ann.realtime.channels.get(ann.first.agentChannel);
  const onAgentChannel: Ably.InboundMessage[] = [];
  await agentChannel.subscribe((m) => void onAgentChannel.push(m));
  const chat: ChatMessageEvent[] = [];
  ann.room.messages.subscribe((event) => void chat.push(event));
  const signals: Ably.InboundMessage[] = [];
  await ann.room.channel.subscribe('agent.run.started', (m) => void signals.push(m));
  return { backend, task, ann, agentChannel, onAgentChannel, chat, signals };
}

/** `POST /api/tasks/:task/agent-runs` with the server secret. */
export function startRun(
  backend: TestBackend,
  task: string,
  body: Record<string, unknown> = { agentId: 'help-bot', userId: 'ann' },
): Promise<JsonResponse> {
  return backend.admin('POST', `/tasks/${encodeURIComponent(task)}/agent-runs`, body);
}

/**
 * An agent's streamed `…/output` request, as an HTTP client with a streamed body sends it: `write` sends a
 * chunk now, `end` ends the body; `answer` settles when the backend answers (possibly before the end).
 */
export function streamOutput(
  backend: TestBackend,
  task: string,
  run: string,
  contentType = 'text/plain; charset=utf-8',
) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
  });
  let open = true;
  const answer = fetchJson(`${backend.url}/api/tasks/${encodeURIComponent(task)}/agent-runs/${run}/output`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SERVER_SECRET}`, 'content-type': contentType },
    body,
    duplex: 'half',
  } as RequestInit);
  return {
    answer,
    /** Whether the backend still reads the body (false once it closed it). */
    get open() {
      return open;
    },
    write(text: string | Uint8Array) {
      try {
        controller.enqueue(typeof text === 'string' ? new TextEncoder().encode(text) : text);
      } catch {
        open = false;
      }
    },
    end() {
      try {
        controller.close();
      } catch {
        open = false;
      }
    },
  };
}

/** `POST /api/tasks/:task/agent-runs/:run/stop` as `userId`'s widget sends it. */
export function stopRun(backend: TestBackend, task: string, run: string, userId: string, role = 'customer') {
  return fetchJson(`${backend.url}/api/tasks/${encodeURIComponent(task)}/agent-runs/${run}/stop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      participantToken: backend.participantToken({ userId, task, role: role as 'customer' }),
    }),
  });
}
