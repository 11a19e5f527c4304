/**
 * Browser-side handle on a whole chat stack (`chat-stack-plugin.ts`): ably-local, a proxy browsers connect
 * through, and the backend, started for one test in the runner's Node process.
 * @example
 * const stack = await startChatStack({ allowedOrigins: [location.origin] });
 * const task = uniqueTaskId();
 * await stack.createTask({ task, type: 'order', title: 'Order 1', participants: [{ userId: 'ann', role: 'buyer', name: 'Ann' }] });
 * const participantToken = await stack.participantToken({ task, userId: 'ann', role: 'buyer' });
 * // <embedded-chat task=${task} token-url=${stack.tokenUrl} participant-token=${participantToken}>
 * await stack.stop();
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { withTimeout } from '../with-timeout.js';
import {
  CHAT_STACK_COMMANDS,
  type AddParticipantPayload,
  type ChatStackInfo,
  type CreateTaskPayload,
  type DeleteAsPayload,
  type EditAsPayload,
  type OccupancyMetrics,
  type ParticipantJson,
  type ParticipantTokenPayload,
  type UserTokenPayload,
  type ProxyStats,
  type ReactAsPayload,
  type ReadMarker,
  type SeedHistoryPayload,
  type SendAsPayload,
  type StartChatStackPayload,
  type TaskJson,
  type TaskWithParticipantsJson,
} from './chat-stack-commands.js';

export { withTimeout };

type Omitted<T> = Omit<T, 'id'>;

/** A running stack; every method runs a server command against it. */
export interface ChatStack extends ChatStackInfo {
  /** Creates a task and its participants over the tasks API (as the host backend does). */
  createTask(payload: Omitted<CreateTaskPayload>): Promise<TaskWithParticipantsJson>;
  /** Adds (or re-adds, or changes the role of) a participant. */
  addParticipant(payload: Omitted<AddParticipantPayload>): Promise<ParticipantJson>;
  /** Removes a participant: no more tokens, live ones revoked. */
  removeParticipant(payload: { task: string; userId: string }): Promise<ParticipantJson>;
  /** Closes a task: tokens become read-only, live ones are revoked and renew read-only. */
  closeTask(payload: { task: string }): Promise<TaskJson>;
  /** A participant token signed with the stack's EMBED_SECRET. */
  participantToken(payload: Omitted<ParticipantTokenPayload>): Promise<string>;
  /** A user token signed with the stack's EMBED_SECRET (for `<embedded-chat-inbox>`). */
  userToken(payload: Omitted<UserTokenPayload>): Promise<string>;
  /** Cuts every browser connection to ably-local and lets them reconnect at once; how many were cut. */
  dropConnections(): Promise<number>;
  /** Cuts every browser connection and refuses new ones until {@link unblockConnections}; how many were cut. */
  blockConnections(): Promise<number>;
  unblockConnections(): Promise<void>;
  /** ably-local's occupancy metrics for the task's chat channel. */
  occupancy(payload: { task: string }): Promise<OccupancyMetrics>;
  /** Sends a chat message as a participant (Node `@ably/chat`, Chat REST); its serial. */
  sendAs(payload: Omitted<SendAsPayload>): Promise<string>;
  /** Edits a message as a participant (Node `@ably/chat`), as its role allows. */
  editAs(payload: Omitted<EditAsPayload>): Promise<true>;
  /** Deletes a message as a participant, as its role allows. */
  deleteAs(payload: Omitted<DeleteAsPayload>): Promise<true>;
  /** Adds a message reaction (e.g. `👍`) as a participant. */
  reactAs(payload: Omitted<ReactAsPayload>): Promise<true>;
  /** Sends `count` messages one after the other as a participant; their serials, oldest first. */
  seedHistory(payload: Omitted<SeedHistoryPayload>): Promise<string[]>;
  /** The task's read markers, read over `POST /api/read-state` as that participant. */
  readState(payload: { task: string; userId: string }): Promise<ReadMarker[]>;
  /** With `refuseWebSockets` at start: refuse (true) or let through (false) WebSocket upgrades from now on. */
  refuseWebSockets(refuse: boolean): Promise<void>;
  /** With `refuseWebSockets` at start: upgrades refused and forwarded, comet requests seen. */
  proxyStats(): Promise<ProxyStats>;
  /** Stops the backend's HTTP server (its store stays): token requests fail until {@link startBackend}. */
  stopBackend(): Promise<void>;
  /** Starts the backend again on the same port, as a restarted process would. */
  startBackend(): Promise<void>;
  /** true: attachment uploads stop partway (the browser sees progress stall) until false. */
  holdUploads(hold: boolean): Promise<void>;
  /** Stops ably-local, the proxy and the backend. */
  stop(): Promise<void>;
}

function command<R, P>(name: string, payload: P): Promise<R> {
  return executeServerCommand<R, P>(name, payload);
}

/** Starts a fresh stack on port 0 (pass `allowedOrigins: [location.origin]` to call it from the page). */
export async function startChatStack(options: StartChatStackPayload = {}): Promise<ChatStack> {
  const info = await command<ChatStackInfo, StartChatStackPayload>(CHAT_STACK_COMMANDS.start, options);
  const { id } = info;
  const on =
    <P, R>(name: string) =>
    (payload: P) =>
      command<R, P & { id: string }>(name, { ...payload, id });
  return {
    ...info,
    createTask: on(CHAT_STACK_COMMANDS.createTask),
    addParticipant: on(CHAT_STACK_COMMANDS.addParticipant),
    removeParticipant: on(CHAT_STACK_COMMANDS.removeParticipant),
    closeTask: on(CHAT_STACK_COMMANDS.closeTask),
    participantToken: on(CHAT_STACK_COMMANDS.participantToken),
    userToken: on(CHAT_STACK_COMMANDS.userToken),
    dropConnections: () => command<number, { id: string }>(CHAT_STACK_COMMANDS.dropConnections, { id }),
    blockConnections: () => command<number, { id: string }>(CHAT_STACK_COMMANDS.blockConnections, { id }),
    unblockConnections: async () => {
      await command<true, { id: string }>(CHAT_STACK_COMMANDS.unblockConnections, { id });
    },
    occupancy: on(CHAT_STACK_COMMANDS.occupancy),
    sendAs: on(CHAT_STACK_COMMANDS.sendAs),
    editAs: on(CHAT_STACK_COMMANDS.editAs),
    deleteAs: on(CHAT_STACK_COMMANDS.deleteAs),
    reactAs: on(CHAT_STACK_COMMANDS.reactAs),
    seedHistory: on(CHAT_STACK_COMMANDS.seedHistory),
    readState: on(CHAT_STACK_COMMANDS.readState),
    refuseWebSockets: async (refuse) => {
      await command<true, { id: string; refuse: boolean }>(CHAT_STACK_COMMANDS.refuseWebSockets, {
        id,
        refuse,
      });
    },
    stopBackend: async () => {
      await command<true, { id: string }>(CHAT_STACK_COMMANDS.stopBackend, { id });
    },
    startBackend: async () => {
      await command<true, { id: string }>(CHAT_STACK_COMMANDS.startBackend, { id });
    },
    proxyStats: () => command<ProxyStats, { id: string }>(CHAT_STACK_COMMANDS.proxyStats, { id }),
    holdUploads: async (hold) => {
      await command<true, { id: string; hold: boolean }>(CHAT_STACK_COMMANDS.holdUploads, { id, hold });
    },
    stop: async () => {
      await command<true, { id: string }>(CHAT_STACK_COMMANDS.stop, { id });
    },
  };
}

/** A task id no other test uses, e.g. `order:1a2b3c4d`. */
export function uniqueTaskId(prefix = 'order'): string {
  return `${prefix}:${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Resolves once `check` returns a value other than undefined, null or false (polled every 20 ms: a lookup that
 * finds nothing, `querySelector`'s null included, is "not yet"); rejects after
 * `timeoutMs` with the last value seen. For state only observable by asking, such as occupancy. A check
 * that does not answer (a server command or a browser call that never settles) fails at the deadline too
 * (given at least a second).
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  { timeoutMs = 5_000, what = 'condition' }: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const answer = check();
    last =
      answer instanceof Promise
        ? await withTimeout(
            answer,
            Math.max(deadline - Date.now(), 1_000),
            `${what} (a check did not answer)`,
          )
        : answer;
    if (last !== undefined && last !== null && last !== false) return last as T;
    if (Date.now() > deadline) throw new Error(`unable to wait for ${what}; still ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
