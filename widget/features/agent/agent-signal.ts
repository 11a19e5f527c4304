import type { Room } from '@ably/chat';
import type { AgentRunSignalName } from '../../../server/contract/api-contract.js';
import type { RoomFeature } from '../../session/room-feature.js';

const SIGNAL: AgentRunSignalName = 'agent.run.started';

/**
 * Hears, from before the room attaches, the room's hint that an agent run started (an ephemeral message the
 * backend publishes on the room's channel beside the chat's own, which `@ably/chat` ignores), so the chat can
 * load the agent feature and attach the task's agent channel then — and only then. Part of the first
 * conversation so no hint is missed while the rest of the chat loads; it only counts them (the run's message on
 * the agent channel, which only agents write, is the truth).
 */
export class AgentSignal implements RoomFeature {
  /** Hints heard since the room opened. */
  count = 0;
  onSignal?: () => void;
  private _off?: () => void;

  prepare(room: Room): void {
    const heard = () => {
      this.count++;
      this.onSignal?.();
    };
    void room.channel.subscribe(SIGNAL, heard);
    this._off = () => room.channel.unsubscribe(SIGNAL, heard);
  }

  stop(): void {
    this._off?.();
    this._off = undefined;
    this.count = 0;
  }
}
