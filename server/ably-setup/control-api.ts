/** One Control API request, as ably-setup sends it, records it (tests) and prints it (`--dry-run`). */
export interface ControlRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Under the Control API's base URL, e.g. `/apps/28GY6a/namespaces`. */
  path: string;
  body?: unknown;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

/** Sends a request; the seam tests record through. */
export type ControlTransport = (request: ControlRequest) => Promise<ControlResponse>;

/** A channel rule as the Control API answers it (`namespace_response`, the fields ably-setup reads). */
export interface NamespaceState {
  id: string;
  [setting: string]: unknown;
}

/** An integration rule as the Control API answers it (`rule_response`). */
export interface RuleState {
  id: string;
  ruleType: string;
  target?: { url?: string; headers?: { name: string; value: string }[] };
  [field: string]: unknown;
}

/** A key as the Control API answers it (`key_response`). */
export interface KeyState {
  appId: string;
  id: string;
  name: string;
  capability: Record<string, string[]>;
  revocableTokens?: boolean | null;
  status?: number;
  /** The whole key with its secret: never printed. */
  key?: string;
}

/** What the Control API refused, with what to do about it. */
export class ControlApiError extends Error {
  constructor(
    operation: string,
    readonly status: number,
    readonly code: number | undefined,
    reason: string,
  ) {
    super(
      `unable to ${operation}; the Control API answered ${status}${code ? ` (${code})` : ''}: ${reason}${remedy(status)}`,
    );
    this.name = 'ControlApiError';
  }
}

function remedy(status: number): string {
  if (status === 401 || status === 403) {
    return '. Check ABLY_CONTROL_TOKEN: an access token (Ably dashboard → My Access Tokens) that may read and write namespaces, rules and keys';
  }
  if (status === 404) return '. Check ABLY_APP_ID (or the app of ABLY_API_KEY) and ABLY_CONTROL_URL';
  return '';
}

/**
 * The Ably Control API over `fetch`: `Authorization: Bearer <token>`, JSON bodies, `baseUrl` such as
 * `https://control.ably.net/v1` (or ably-local's `http://127.0.0.1:8081/v1`). The token is never part of an
 * error or a log line.
 */
export function fetchTransport(baseUrl: string, token: string, timeoutMs = 15_000): ControlTransport {
  const base = baseUrl.replace(/\/+$/, '');
  return async ({ method, path, body }) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text; // an error page from a proxy: shown as text
    }
    return { status: res.status, body: parsed };
  };
}

/** The calls ably-setup makes, for one app. */
export class ControlApi {
  constructor(
    private readonly _send: ControlTransport,
    readonly appId: string,
  ) {}

  get base(): string {
    return `/apps/${encodeURIComponent(this.appId)}`;
  }

  async namespaces(): Promise<NamespaceState[]> {
    return (await this.call('read the channel rules', {
      method: 'GET',
      path: `${this.base}/namespaces`,
    })) as NamespaceState[];
  }

  async rules(): Promise<RuleState[]> {
    return (await this.call('read the integration rules', {
      method: 'GET',
      path: `${this.base}/rules`,
    })) as RuleState[];
  }

  async keys(): Promise<KeyState[]> {
    return (await this.call('read the keys', { method: 'GET', path: `${this.base}/keys` })) as KeyState[];
  }

  /** Sends one request; throws {@link ControlApiError} unless the answer is 2xx. */
  async call(operation: string, request: ControlRequest): Promise<unknown> {
    let response: ControlResponse;
    try {
      response = await this._send(request);
    } catch (err) {
      throw new Error(`unable to ${operation}; the Control API did not answer (${(err as Error).message})`, {
        cause: err,
      });
    }
    if (response.status >= 200 && response.status < 300) return response.body;
    const error = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as {
      message?: unknown;
      code?: unknown;
    };
    const reason =
      typeof error.message === 'string' ? error.message : String(response.body ?? 'no reason given');
    throw new ControlApiError(
      operation,
      response.status,
      typeof error.code === 'number' ? error.code : undefined,
      reason.slice(0, 500),
    );
  }
}
