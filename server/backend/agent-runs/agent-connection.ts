import * as Ably from 'ably';
import type { AgentRunHeaders, AgentRunMessageName } from '../../contract/api-contract.js';
import { signAblyJwt, type AblySigningKey } from '../ably-auth/ably-jwt.js';
import { restOptions, type AblySettings } from '../ably-auth/ably-settings.js';
import { agentRunCapability } from '../ably-auth/capabilities.js';
import { agentChannelFor } from '../ably-auth/channel-names.js';
import type { RunChannel } from './run-writer.js';

/** The name of a run's message on the agent channel. */
export const RUN_MESSAGE_NAME: AgentRunMessageName = 'agent.run';

/** Lifetime of an agent's run token; ably-js renews it through the callback while the run lasts. */
const TOKEN_TTL_SECONDS = 600;

/** What signs an agent's run tokens. */
export interface AgentIdentity {
  ably: AblySettings;
  signingKey: AblySigningKey;
  now: () => number;
}

/** A token for `agentId` that may write its runs' messages on the task's agent channel and nothing else. */
export function agentRunToken(identity: AgentIdentity, taskId: string, agentId: string): string {
  return signAblyJwt(identity.signingKey, {
    clientId: agentId,
    capability: agentRunCapability(taskId),
    userClaims: {},
    issuedAtSeconds: Math.floor(identity.now() / 1000),
    ttlSeconds: TOKEN_TTL_SECONDS,
  });
}

/** The run message's fields as the agent writes them. */
export function runMessage(serial: string | undefined, text: string, headers: AgentRunHeaders): Ably.Message {
  return {
    ...(serial === undefined ? {} : { serial }),
    name: RUN_MESSAGE_NAME,
    data: text,
    extras: { headers },
  };
}

/**
 * The agent's own realtime connection while the backend streams one run's output: appends over a realtime
 * connection keep their order without being awaited one by one (REST requests in flight may overtake each
 * other), and Ably rolls them up per the connection's `appendRollupWindow`. Opened per output stream and
 * closed with it.
 */
export class AgentConnection implements RunChannel {
  private readonly _realtime: Ably.Realtime;
  private readonly _channel: Ably.RealtimeChannel;

  constructor(identity: AgentIdentity, taskId: string, agentId: string, appendRollupWindowMs?: number) {
    const { key: _key, ...endpoint } = restOptions(identity.ably);
    this._realtime = new Ably.Realtime({
      ...endpoint,
      ...(identity.ably.endpoint === undefined ? {} : { disableConnectivityCheck: true }),
      clientId: agentId,
      authCallback: (_params, callback) => {
        try {
          callback(null, agentRunToken(identity, taskId, agentId));
        } catch (err) {
          callback(err instanceof Error ? err.message : String(err), null);
        }
      },
      echoMessages: false,
      ...(appendRollupWindowMs === undefined
        ? {}
        : { transportParams: { appendRollupWindow: appendRollupWindowMs } }),
      logLevel: 0,
    });
    this._channel = this._realtime.channels.get(agentChannelFor(taskId));
  }

  append(serial: string, text: string): Promise<unknown> {
    return this._channel.appendMessage({ serial, data: text });
  }

  update(serial: string, text: string, headers: AgentRunHeaders): Promise<unknown> {
    return this._channel.updateMessage(runMessage(serial, text, headers));
  }

  close(): void {
    this._realtime.close();
  }
}
