import type { LocalAbly } from '../../server/ably-local/create-server.js';

/** One Control API answer: status and the JSON body (undefined when empty). */
export interface ControlAnswer {
  status: number;
  // Tests assert the shapes.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A client of a server's Control API (`/v1`, server/ably-local/DESIGN.md §15) with its access token:
 * `call('POST', '/apps/<app>/namespaces', {...})`. The test's own raw HTTP, so wrong tokens and bodies can be
 * sent too.
 */
export function controlClient(server: Pick<LocalAbly, 'control'>, token = server.control.token) {
  return async (method: string, path: string, body?: unknown): Promise<ControlAnswer> => {
    const res = await fetch(`${server.control.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}
