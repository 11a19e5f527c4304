import { randomUUID } from 'node:crypto';
import * as Ably from 'ably';
import { agentChannelFor, chatChannelFor } from '../../server/backend/ably-auth/channel-names.js';
import type {
  AgentRunHeaders,
  AgentRunMessageName,
  AgentRunSignalName,
  AgentRunStatus,
  LiveAgentRun,
} from '../../server/contract/api-contract.js';

const RUN: AgentRunMessageName = 'agent.run';
const SIGNAL: AgentRunSignalName = 'agent.run.started';

/**
 * An AI agent for tests and benchmarks, straight on the wire: a Node `ably` Realtime client with the app's key
 * and the agent's clientId that creates a run's message on the task's agent channel, appends to it (without
 * waiting for each ack, as agents do) and closes it with its full text — exactly as the wire contract says an
 * agent does (`AgentRunHeaders`) — after the room's `agent.run.started` hint the backend publishes.
 */
export class ScriptedAgent {
  private readonly _client: Ably.Realtime;

  constructor(
    ably: { url: string; key: string },
    readonly agentId: string,
  ) {
    const url = new URL(ably.url);
    this._client = new Ably.Realtime({
      key: ably.key,
      clientId: agentId,
      endpoint: url.hostname,
      port: Number(url.port),
      tls: false,
      logLevel: 0,
    });
  }

  /** Starts a run answering `userId` in `task`; `signal: false` leaves out the room's hint. */
  async start(
    task: string,
    userId: string,
    options: { inReplyTo?: string; signal?: boolean } = {},
  ): Promise<ScriptedRun> {
    const runId = randomUUID();
    if (options.signal !== false) {
      const live: LiveAgentRun = { run: runId, agentId: this.agentId, userId };
      await this._client.channels
        .get(chatChannelFor(task))
        .publish({ name: SIGNAL, data: live, extras: { ephemeral: true } });
    }
    const headers: AgentRunHeaders = {
      runId,
      agentId: this.agentId,
      userId,
      status: 'streaming',
      ...(options.inReplyTo === undefined ? {} : { inReplyTo: options.inReplyTo }),
    };
    const channel = this._client.channels.get(agentChannelFor(task));
    const result = await channel.publish({ name: RUN, data: '', extras: { headers } });
    const serial = result.serials[0];
    if (!serial) throw new Error('unable to start the run; its message has no serial');
    return new ScriptedRun(channel, serial, headers);
  }

  close(): void {
    this._client.close();
  }
}

/** One run of a {@link ScriptedAgent}: its text so far is kept, for the closing update. */
export class ScriptedRun {
  text = '';

  constructor(
    private readonly _channel: Ably.RealtimeChannel,
    readonly serial: string,
    public headers: AgentRunHeaders,
  ) {}

  get runId(): string {
    return this.headers.runId;
  }

  /** Appends `text`; the promise settles with its ack (callers streaming need not wait for it). */
  append(text: string): Promise<unknown> {
    this.text += text;
    return this._channel.appendMessage({ serial: this.serial, data: text });
  }

  /** Closes the run with its full text and `status`. */
  async end(status: Exclude<AgentRunStatus, 'streaming'>, reason?: string): Promise<void> {
    this.headers = { ...this.headers, status, ...(reason === undefined ? {} : { reason }) };
    await this._channel.updateMessage({
      serial: this.serial,
      name: RUN,
      data: this.text,
      extras: { headers: this.headers },
    });
  }
}
