import { chmodSync, writeFileSync } from 'node:fs';
import { OWNER_HEADER, type AblyApp } from './ably-app.js';
import { planKey, planNamespaces, planRules, type ItemState, type PlanItem } from './app-plan.js';
import type { ControlApi, ControlRequest, KeyState } from './control-api.js';

/** `apply` makes the app match; `check` only reports (a deploy pipeline's gate); `dry-run` prints the requests. */
export type SetupMode = 'apply' | 'check' | 'dry-run';

export interface SetupOptions {
  api: ControlApi;
  app: AblyApp;
  mode: SetupMode;
  /** `appId.keyId` of the backend's `ABLY_API_KEY`, when it is set: that key is the backend's. */
  apiKeyName?: string;
  /** One line of the report. Never given a secret. */
  print: (line: string) => void;
  /** `apply` writes the backend's whole key here (mode 0600) once known: the one way to learn a new key's secret. */
  keyFile?: string;
}

export interface SetupOutcome {
  /** Items still off afterwards (`apply`: those only a person can fix). */
  problems: number;
  /** Requests that changed the app (`apply`), or that would (`check`, `dry-run`). */
  changes: number;
}

const DONE: Record<ItemState, string> = {
  ok: 'ok',
  missing: 'created',
  differs: 'updated',
  unwanted: 'deleted',
  foreign: 'note',
};

/**
 * Makes an Ably app match the project's description through the Control API, or reports how it differs
 * (docs/production.md). Reads the app's namespaces, rules and keys, then per item: nothing when it matches,
 * else the requests that fix it. Idempotent: a second run finds everything `ok` and sends nothing. The key
 * goes first, since the webhook rules are signed with it. Reads are sent in every mode; changes only in
 * `apply`.
 */
export async function runAblySetup(o: SetupOptions): Promise<SetupOutcome> {
  const { api, app, mode, print } = o;
  const doing =
    mode === 'apply' ? 'applying the description' : mode === 'check' ? 'checking' : 'dry run: reads only';
  print(`ably-setup: app ${api.appId} — ${doing}`);
  const [namespaces, rules, keys] = await Promise.all([api.namespaces(), api.rules(), api.keys()]);
  const keyPlan = planKey(api.base, app.key, keys, o.apiKeyName);
  let key = keyPlan.key;
  let changes = 0;
  let problems = 0;
  const settle = async (item: PlanItem): Promise<unknown> => {
    let answer: unknown;
    if (item.state === 'ok' || item.state === 'foreign') {
      print(line(DONE[item.state], item));
      return undefined;
    }
    changes += item.requests.length;
    if (mode === 'apply' && item.fixable) {
      for (const request of item.requests) answer = await api.call(`${verb(request)} ${item.label}`, request);
      print(line(DONE[item.state], item));
      return answer;
    }
    problems++;
    print(line(item.state, item, mode === 'check' && item.fixable ? ' → npm run ably-setup fixes it' : ''));
    if (mode === 'dry-run') for (const request of item.requests) print(`             ${show(request)}`);
    return undefined;
  };
  const made = (await settle(keyPlan.item)) as KeyState | undefined;
  key = made ?? key;
  const signingKeyId = key?.id ?? o.apiKeyName?.split('.')[1] ?? '<the id of the key ably-setup creates>';
  for (const item of planNamespaces(api.base, app.namespaces, namespaces)) await settle(item);
  for (const item of planRules(api.base, app.rules, rules, signingKeyId)) await settle(item);
  if (mode === 'apply' && o.keyFile && key?.key) {
    writeFileSync(o.keyFile, `${key.key}\n`, { mode: 0o600 });
    chmodSync(o.keyFile, 0o600);
    print(
      `ably-setup: the backend's key ${key.appId}.${key.id} is in ${o.keyFile} (give it to the backend as ABLY_API_KEY)`,
    );
  } else if (made && !o.keyFile) {
    print(
      `ably-setup: created key ${made.appId}.${made.id} for the backend: set ABLY_API_KEY to it (its secret is in the Ably dashboard, or run again with --key-file FILE)`,
    );
  }
  print(summary(mode, changes, problems));
  return { problems, changes };
}

function summary(mode: SetupMode, changes: number, problems: number): string {
  if (mode === 'apply') {
    const done = changes === 0 ? 'nothing to change' : `${changes} change${changes === 1 ? '' : 's'} made`;
    return problems === 0
      ? `ably-setup: ${done}; the app matches the description`
      : `ably-setup: ${done}; ${problems} item${problems === 1 ? '' : 's'} above need${problems === 1 ? 's' : ''} a person`;
  }
  return problems === 0
    ? 'ably-setup: the app matches the description'
    : `ably-setup: ${problems} item${problems === 1 ? '' : 's'} off (${changes} request${changes === 1 ? '' : 's'} would fix what ably-setup may fix)`;
}

function line(state: string, item: PlanItem, suffix = ''): string {
  return `  ${state.padEnd(8)} ${item.label} — ${item.detail}${suffix}`;
}

function verb(request: ControlRequest): string {
  return { GET: 'read', POST: 'create', PATCH: 'update', DELETE: 'delete' }[request.method];
}

/** A request as `--dry-run` prints it: header values, a moderation rule's bearer secret among them, hidden. */
export function show(request: ControlRequest): string {
  const body = request.body === undefined ? '' : ` ${JSON.stringify(redacted(request.body))}`;
  return `${request.method} ${request.path}${body}`;
}

function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.name === 'string' && typeof record.value === 'string') {
    return record.name.toLowerCase() === OWNER_HEADER.toLowerCase()
      ? record
      : { name: record.name, value: '…' };
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, redacted(v)]));
}
