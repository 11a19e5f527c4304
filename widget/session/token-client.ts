/**
 * The element's side of the backend's `POST /api/token` and `/api/read-state` (README "HTTP API"). The
 * element never sees a secret: it sends the host's participant token (or nothing, when the host mounted the
 * backend with an `identify` hook that reads its own session cookie).
 */

/** `POST /api/token`'s answer, as far as the element uses it. */
export interface TokenAnswer {
  token: string;
  expiresAt: number;
  /** Spread into the Ably client options (endpoint, port, tls for ably-local; empty for Ably's cloud). */
  clientOptions: Record<string, unknown>;
  task: string;
  room: string;
  clientId: string;
  role: string;
  name: string;
  readOnly: boolean;
  operations: string[];
  title?: string;
  url?: string | null;
  /** The user's notifications channel ("notify me" subscribes the browser there); null without push. */
  notificationsChannel?: string | null;
}

/** One participant's read marker, from `/api/read-state`. */
export interface ReadMarker {
  userId: string;
  name: string;
  role: string;
  serial: string | null;
  readAt: number | null;
}

/** An error answer of the backend (`{error: {code, message, remediation?}}`) or a network failure (code 0). */
export class BackendRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: number,
    readonly remediation?: string,
  ) {
    super(message);
    this.name = 'BackendRequestError';
  }
}

/** Where the element asks, and with what credential. */
export interface Credential {
  url: string;
  task: string;
  /** Undefined when the backend identifies the caller by its own session. */
  participantToken?: string;
}

/**
 * The element's first token request, started by the loader while the chat itself downloads (it needs nothing
 * from the chat chunk). The session uses it once, when it is for the same task and endpoint.
 */
export interface TokenPrefetch {
  task: string;
  tokenUrl: string;
  /** The participant token the request carries (the host's `getParticipantToken()` result, or the attribute). */
  participantToken: Promise<string | undefined>;
  response: Promise<Response>;
}

/** `POST` (or `PUT`) JSON to the backend; non-2xx answers become {@link BackendRequestError}s. */
export async function backendRequest<T>(
  method: 'POST' | 'PUT',
  url: string,
  body: Record<string, unknown>,
  operation: string,
  sent?: Promise<Response>,
): Promise<T> {
  let response: Response;
  try {
    response = await (sent ??
      fetch(url, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'same-origin',
      }));
  } catch (err) {
    throw new BackendRequestError(
      0,
      `unable to ${operation}; the backend at ${url} could not be reached (${(err as Error).message})`,
      0,
      'check the token-url attribute and that the backend allows this page’s origin (ALLOWED_ORIGINS)',
    );
  }
  const answer = (await response.json().catch(() => undefined)) as
    (T & { error?: { code?: unknown; message?: unknown; remediation?: unknown } }) | undefined;
  if (response.ok && answer !== undefined) return answer;
  const error = answer?.error;
  throw new BackendRequestError(
    typeof error?.code === 'number' ? error.code : 0,
    typeof error?.message === 'string'
      ? error.message
      : `unable to ${operation}; the backend answered ${response.status}`,
    response.status,
    typeof error?.remediation === 'string' ? error.remediation : undefined,
  );
}

/** `POST token-url`; `sent` is the loader's request for the same credential, when there is one. */
export function fetchToken(credential: Credential, sent?: Promise<Response>): Promise<TokenAnswer> {
  return backendRequest<TokenAnswer>('POST', credential.url, bodyOf(credential), 'open the chat', sent);
}

/** The read-state route sits beside the token route (`…/token` → `…/read-state`). */
export function readStateUrl(tokenUrl: string): string {
  const url = new URL(tokenUrl, document.baseURI);
  url.pathname = url.pathname.replace(/\/token\/?$/, '/read-state');
  return url.href;
}

export async function fetchReadMarkers(credential: Credential): Promise<ReadMarker[]> {
  const answer = await backendRequest<{ markers: ReadMarker[] }>(
    'POST',
    readStateUrl(credential.url),
    bodyOf(credential),
    'load read state',
  );
  return answer.markers;
}

export async function saveReadMarker(credential: Credential, serial: string): Promise<ReadMarker[]> {
  const answer = await backendRequest<{ markers: ReadMarker[] }>(
    'PUT',
    readStateUrl(credential.url),
    { ...bodyOf(credential), serial },
    'save read state',
  );
  return answer.markers;
}

function bodyOf(credential: Credential): Record<string, unknown> {
  return credential.participantToken === undefined
    ? { task: credential.task }
    : { task: credential.task, participantToken: credential.participantToken };
}
