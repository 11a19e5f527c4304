/** Tunables of the realtime layer; tests shorten the timers (DESIGN §3). */
export interface RealtimeOptions {
  /** Sent as connectionDetails.maxIdleInterval; a HEARTBEAT goes out when a socket is idle this long. */
  maxIdleIntervalMs: number;
  /** How long a dropped connection can be resumed (connectionDetails.connectionStateTtl). */
  connectionStateTtlMs: number;
  /** How long members of an abruptly dropped connection stay present. */
  presenceLeaveDelayMs: number;
  maxMessageSize: number;
  /** Largest WebSocket frame accepted; larger ones close the socket (1009). */
  maxFrameSize: number;
  /** Inbound frames per second per connection before NACK 42910. */
  maxInboundRate: number;
  /** Open sockets before new ones are refused with DISCONNECTED 42910. */
  maxConnections: number;
  /** Connections (live or awaiting resume) one concrete clientId may hold before DISCONNECTED 42910. */
  maxConnectionsPerClientId: number;
  /** Outbound bytes a socket may queue before it is dropped as a slow consumer. */
  maxBufferedBytes: number;
  serverId: string;
}

export const DEFAULT_REALTIME_OPTIONS: RealtimeOptions = {
  maxIdleIntervalMs: 15_000,
  connectionStateTtlMs: 120_000,
  presenceLeaveDelayMs: 15_000,
  maxMessageSize: 65_536,
  maxFrameSize: 2 * 1024 * 1024,
  maxInboundRate: 1000,
  maxConnections: 15_000,
  maxConnectionsPerClientId: 100,
  maxBufferedBytes: 32 * 1024 * 1024,
  serverId: 'ably-local',
};
