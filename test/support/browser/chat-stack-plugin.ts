import { randomUUID } from 'node:crypto';
import type { TestRunnerPlugin } from '@web/test-runner';
import {
  CHAT_STACK_COMMANDS,
  type AddParticipantPayload,
  type HoldUploadsPayload,
  type CreateTaskPayload,
  type DeleteAsPayload,
  type EditAsPayload,
  type ParticipantRef,
  type ParticipantTokenPayload,
  type UserTokenPayload,
  type ReactAsPayload,
  type RefuseWebSocketsPayload,
  type SeedHistoryPayload,
  type SendAsPayload,
  type StackRef,
  type StartChatStackPayload,
  type TaskRef,
} from './chat-stack-commands.js';
import { ChatStackServer } from './chat-stack-server.js';

/**
 * Server commands (`executeServerCommand` in the browser) that give each browser test a whole chat stack of
 * its own — ably-local, a cuttable proxy and the backend on port 0 — and act on it as the host backend,
 * other participants and the network would. Command names and payloads are in `chat-stack-commands.ts`;
 * browser wrappers in `chat-stack.ts`. A failing command rejects in the browser with its message. Whatever a
 * test leaves running is stopped when the runner stops.
 */
export function chatStackPlugin(): TestRunnerPlugin {
  const stacks = new Map<string, ChatStackServer>();

  function stack(id: string): ChatStackServer {
    const found = stacks.get(id);
    if (!found) throw new Error(`unable to find chat stack; unknown id ${id} (stopped already?)`);
    return found;
  }

  async function start(options: StartChatStackPayload | undefined) {
    const id = randomUUID();
    const started = await ChatStackServer.start(id, options ?? {});
    stacks.set(id, started);
    return started.info;
  }

  async function stop(id: string): Promise<true> {
    const found = stacks.get(id);
    stacks.delete(id);
    await found?.stop();
    return true;
  }

  // Every result is non-null: wtr treats undefined as "not my command".
  const commands: Record<string, (payload: never) => unknown> = {
    [CHAT_STACK_COMMANDS.start]: (p: StartChatStackPayload | undefined) => start(p),
    [CHAT_STACK_COMMANDS.stop]: (p: StackRef) => stop(p.id),
    [CHAT_STACK_COMMANDS.createTask]: (p: CreateTaskPayload) => stack(p.id).createTask(p),
    [CHAT_STACK_COMMANDS.addParticipant]: (p: AddParticipantPayload) => stack(p.id).addParticipant(p),
    [CHAT_STACK_COMMANDS.removeParticipant]: (p: ParticipantRef) => stack(p.id).removeParticipant(p),
    [CHAT_STACK_COMMANDS.closeTask]: (p: TaskRef) => stack(p.id).closeTask(p.task),
    [CHAT_STACK_COMMANDS.participantToken]: (p: ParticipantTokenPayload) => stack(p.id).participantToken(p),
    [CHAT_STACK_COMMANDS.userToken]: (p: UserTokenPayload) => stack(p.id).userToken(p),
    [CHAT_STACK_COMMANDS.dropConnections]: (p: StackRef) => stack(p.id).dropConnections(),
    [CHAT_STACK_COMMANDS.blockConnections]: (p: StackRef) => stack(p.id).blockConnections(),
    [CHAT_STACK_COMMANDS.unblockConnections]: (p: StackRef) => {
      stack(p.id).unblockConnections();
      return true;
    },
    [CHAT_STACK_COMMANDS.occupancy]: (p: TaskRef) => stack(p.id).occupancy(p.task),
    [CHAT_STACK_COMMANDS.sendAs]: (p: SendAsPayload) => stack(p.id).sendAs(p),
    [CHAT_STACK_COMMANDS.editAs]: (p: EditAsPayload) => stack(p.id).editAs(p),
    [CHAT_STACK_COMMANDS.deleteAs]: (p: DeleteAsPayload) => stack(p.id).deleteAs(p),
    [CHAT_STACK_COMMANDS.reactAs]: (p: ReactAsPayload) => stack(p.id).reactAs(p),
    [CHAT_STACK_COMMANDS.seedHistory]: (p: SeedHistoryPayload) => stack(p.id).seedHistory(p),
    [CHAT_STACK_COMMANDS.readState]: (p: ParticipantRef) => stack(p.id).readState(p),
    [CHAT_STACK_COMMANDS.refuseWebSockets]: (p: RefuseWebSocketsPayload) => {
      stack(p.id).refuseWebSockets(p.refuse);
      return true;
    },
    [CHAT_STACK_COMMANDS.proxyStats]: (p: StackRef) => stack(p.id).proxyStats(),
    [CHAT_STACK_COMMANDS.holdUploads]: (p: HoldUploadsPayload) => {
      stack(p.id).holdUploads(p.hold);
      return true;
    },
    [CHAT_STACK_COMMANDS.stopBackend]: async (p: StackRef) => {
      await stack(p.id).stopBackend();
      return true;
    },
    [CHAT_STACK_COMMANDS.startBackend]: async (p: StackRef) => {
      await stack(p.id).startBackend();
      return true;
    },
  };

  return {
    name: 'chat-stack-commands',
    async executeCommand({ command, payload }) {
      const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
      // Not ours: undefined lets the next plugin handle it.
      return run ? await run(payload as never) : undefined;
    },
    async serverStop() {
      await Promise.all([...stacks.keys()].map(stop));
    },
  };
}
