/**
 * The one error type ably-local raises. It carries an Ably error code and HTTP status and is serialised in
 * exactly two places: `sendError` in `rest/rest-io.ts` (HTTP) and `toWire()` here (protocol frames). DESIGN §9.
 */
export interface ErrorInfoWire {
  message: string;
  code: number;
  statusCode: number;
  href?: string;
  /** Structured details (ably-js `ErrorInfo.detail`), e.g. a moderation rule's `reason`. */
  detail?: Record<string, string>;
}

export class AblyError extends Error {
  readonly code: number;
  readonly statusCode: number;
  readonly detail?: Record<string, string>;

  constructor(
    code: number,
    statusCode: number,
    message: string,
    options?: { cause?: unknown; detail?: Record<string, string> },
  ) {
    super(message, options);
    this.name = 'AblyError';
    this.code = code;
    this.statusCode = statusCode;
    if (options?.detail !== undefined) this.detail = options.detail;
  }

  toWire(): ErrorInfoWire {
    return {
      message: this.message,
      code: this.code,
      statusCode: this.statusCode,
      href: `https://help.ably.io/error/${this.code}`,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
    };
  }

  /** Wraps anything thrown into an AblyError, keeping AblyErrors as they are. */
  static from(err: unknown): AblyError {
    if (err instanceof AblyError) return err;
    // The cause keeps the stack for the error reporter; only the message is ever sent to a client.
    return new AblyError(50000, 500, `internal error; ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

/** Constructors for the codes ably-local emits (Ably error-code registry, wire reference appendix A). */
export const errors = {
  badRequest: (message: string) => new AblyError(40000, 400, message),
  invalidParam: (message: string) => new AblyError(40003, 400, message),
  tooLarge: (size: number, max: number, operation = 'publish') =>
    new AblyError(
      40009,
      413,
      `unable to ${operation}; message size ${size} exceeds the maximum of ${max} bytes`,
    ),
  invalidChannel: (name: string) =>
    new AblyError(40010, 400, `invalid channel name: ${JSON.stringify(name)}`),
  invalidClientId: (message: string) => new AblyError(40012, 400, message),
  badData: (message: string) => new AblyError(40013, 400, message),
  unauthorized: (message: string) => new AblyError(40100, 401, message),
  invalidCredentials: (message: string) => new AblyError(40101, 401, message),
  incompatibleCredentials: (message: string) => new AblyError(40102, 401, message),
  tokenTimestamp: () =>
    new AblyError(40104, 401, 'timestamp not current; token request timestamp outside ±2 min'),
  nonceReplayed: () => new AblyError(40105, 401, 'nonce value replayed'),
  noAuth: () => new AblyError(40106, 401, 'no authentication method provided'),
  tokenRevoked: () => new AblyError(40141, 401, 'token revoked'),
  tokenExpired: () => new AblyError(40142, 401, 'Key/token status changed (expire)'),
  tokenUnrecognised: (message: string) => new AblyError(40143, 401, message),
  invalidJwt: (message: string) => new AblyError(40144, 401, message),
  capability: (operation: string, channel: string) =>
    new AblyError(40160, 401, `unable to ${operation}; no permission on channel ${JSON.stringify(channel)}`),
  /** Ably's answer when a token request's capability and the key's do not intersect (Ably FAQ on 40160). */
  keyCapabilityExceeded: () =>
    new AblyError(40160, 401, 'unable to issue a token; key does not support requested capabilities'),
  modeNotRequested: (operation: string, channel: string) =>
    new AblyError(
      40165,
      401,
      `unable to ${operation}; channel ${JSON.stringify(channel)} not attached with that mode`,
    ),
  notFound: (message: string) => new AblyError(40400, 404, message),
  /** A before-publish rule could not get a decision and its failed action is to reject (DESIGN §12). */
  rejectedByIntegration: (message: string) => new AblyError(42211, 422, message),
  /** A before-publish moderation rule rejected the message; `detail` carries its rejection reason. */
  rejectedByModeration: (message: string, detail: Record<string, string>) =>
    new AblyError(42213, 422, message, { detail }),
  rateLimited: (message: string) => new AblyError(42910, 429, message),
  connectionExpired: () => new AblyError(80008, 400, 'Unable to recover connection (connection expired)'),
  invalidConnectionKey: () => new AblyError(80018, 400, 'invalid connection key'),
  incompatibleRecoveryAuth: () =>
    new AblyError(
      80011,
      400,
      'Unable to recover connection; credentials are incompatible with the connection',
    ),
  cometTransportGone: () =>
    new AblyError(
      80003,
      400,
      'unable to use the comet transport; it is no longer open (connect again to resume)',
    ),
  channelContinuityLost: () => new AblyError(90003, 404, 'Unable to recover channel (messages expired)'),
  backlogTruncated: () => new AblyError(90004, 404, 'Unable to recover channel (message limit exceeded)'),
  channelsPerConnection: (operation: string, max: number) =>
    new AblyError(
      90010,
      400,
      `unable to ${operation}; maximum number of channels per connection (${max}) exceeded`,
    ),
  presenceNoClientId: () => new AblyError(91000, 400, 'unable to enter presence; connection has no clientId'),
};
