import { randomBytes } from 'node:crypto';
import { apiKeyString, type ApiKey } from '../auth/api-key.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { NamespaceRule } from '../core/channel-rules.js';
import type { Clock } from '../core/clock.js';
import type { ModerationRuleSpec } from '../integrations/moderation-rule.js';
import type { WebhookRuleInput } from '../integrations/webhook-rule.js';
import { AblyError } from '../protocol/ably-error.js';
import type { ErrorReporter } from '../protocol/error-reporter.js';
import type { ControlItem, ControlStore } from './control-store.js';
import { keyToCreate, keyWithChanges, type KeyRecord, type KeySettings } from './key-body.js';
import { namespaceToCreate, namespaceWithChanges, type NamespaceRecord } from './namespace-body.js';
import { ruleToCreate, ruleWithChanges, runtimeRule, type RuleRecord } from './rule-body.js';

/** What the Control API's state turns into while the server runs (wired in `create-server.ts`). */
export interface ControlRuntime {
  /** The channel rules of every app (ably-local's apps share one set of channels). */
  setNamespaces(rules: NamespaceRule[]): void;
  /** The enabled webhook rules; throws an AblyError when one cannot run. */
  setWebhooks(rules: WebhookRuleInput[]): void;
  /** The enabled before-publish rules; throws when one cannot run. */
  setModeration(rules: ModerationRuleSpec[]): void;
}

export interface ControlPlaneOptions {
  store: ControlStore;
  auth: Authenticator;
  /** Keys given at start (`--key`, the key file, …): listed, never changed through the API. */
  startKeys: readonly ApiKey[];
  runtime: ControlRuntime;
  clock: Clock;
  report: ErrorReporter;
  /** How long a batched webhook rule gathers events before a request goes (DESIGN §14.3). */
  webhookBatchIntervalMs: number;
}

/** A Control API id: six characters like Ably's (`83IzAB`). */
function randomId(): string {
  return randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 6);
}

/**
 * ably-local's Control API state (DESIGN §15): the channel rules (namespaces), integration rules and keys of
 * each app (an app is the app id of a key given at start), kept in the {@link ControlStore} and applied at
 * once — a namespace changes what channels allow, a rule starts or stops webhooks and moderation, a key
 * authenticates. Every change is checked before it is stored, so the store never holds what cannot run.
 */
export class ControlPlane {
  private readonly _startKeys: Map<string, ApiKey>;
  private readonly _startedAt: number;

  constructor(private readonly _o: ControlPlaneOptions) {
    this._startKeys = new Map(_o.startKeys.map((key) => [key.keyName, key]));
    this._startedAt = _o.clock.now();
    for (const { appId, body } of _o.store.list('key')) {
      const record = body as unknown as KeyRecord;
      if (!this._startKeys.has(`${appId}.${record.id}`)) _o.auth.putKey(apiKeyOf(record));
    }
    this._apply();
  }

  /** The apps this server serves: the app ids of its start keys, in order. */
  apps(): string[] {
    return [...new Set(this._o.startKeys.map((key) => key.appId))];
  }

  /** Namespaces given in code (`createLocalAbly({ namespaces })`) that the app does not have yet. */
  seedNamespaces(appId: string, bodies: readonly unknown[]): void {
    const existing = new Set(this.namespaces(appId).map((n) => n.id));
    for (const body of bodies) {
      const rule = namespaceToCreate(body);
      if (!existing.has(rule.id)) this.createNamespace(appId, body);
    }
  }

  namespaces(appId: string): NamespaceRecord[] {
    this._assertApp(appId);
    return this._items<NamespaceRecord>('namespace', appId);
  }

  createNamespace(appId: string, body: unknown): NamespaceRecord {
    this._assertApp(appId);
    const rule = namespaceToCreate(body);
    if (this._find('namespace', appId, rule.id)) {
      throw new AblyError(
        40000,
        422,
        `unable to create namespace; ${JSON.stringify(rule.id)} already exists`,
      );
    }
    const now = this._o.clock.now();
    return this._save('namespace', appId, rule.id, { appId, ...rule, created: now, modified: now });
  }

  updateNamespace(appId: string, id: string, body: unknown): NamespaceRecord {
    const current = this._existing<NamespaceRecord>('namespace', appId, id);
    const changed = namespaceWithChanges(current, body);
    return this._save('namespace', appId, id, { ...changed, modified: this._o.clock.now() });
  }

  deleteNamespace(appId: string, id: string): void {
    this._existing('namespace', appId, id);
    this._o.store.remove('namespace', appId, id);
    this._apply();
  }

  rules(appId: string): RuleRecord[] {
    this._assertApp(appId);
    return this._items<RuleRecord>('rule', appId);
  }

  rule(appId: string, id: string): RuleRecord {
    return this._existing<RuleRecord>('rule', appId, id);
  }

  createRule(appId: string, body: unknown): RuleRecord {
    this._assertApp(appId);
    const settings = ruleToCreate(body);
    const now = this._o.clock.now();
    let id = randomId();
    while (this._find('rule', appId, id)) id = randomId();
    const record = {
      ...settings,
      id,
      appId,
      version: '1.2',
      created: now,
      modified: now,
      _links: null,
    } as RuleRecord;
    this._assertRunnable(record);
    return this._save('rule', appId, id, record);
  }

  updateRule(appId: string, id: string, body: unknown): RuleRecord {
    const current = this._existing<RuleRecord>('rule', appId, id);
    const settings = ruleWithChanges(current, body);
    const record = { ...current, ...settings, modified: this._o.clock.now() } as RuleRecord;
    this._assertRunnable(record);
    return this._save('rule', appId, id, record);
  }

  deleteRule(appId: string, id: string): void {
    this._existing('rule', appId, id);
    this._o.store.remove('rule', appId, id);
    this._apply();
  }

  keys(appId: string): KeyRecord[] {
    this._assertApp(appId);
    const started = this._o.startKeys
      .filter((key) => key.appId === appId)
      .map((key) => keyRecord(key, 'ably-local', this._startedAt, this._startedAt));
    return [...started, ...this._items<KeyRecord>('key', appId)];
  }

  createKey(appId: string, body: unknown): KeyRecord {
    this._assertApp(appId);
    const settings = keyToCreate(body);
    let id = randomId();
    while (this._o.auth.key(`${appId}.${id}`)) id = randomId();
    const key: ApiKey = {
      appId,
      keyName: `${appId}.${id}`,
      secret: randomBytes(24).toString('base64url'),
      capability: settings.capability,
      revocableTokens: settings.revocableTokens,
    };
    const now = this._o.clock.now();
    const record = keyRecord(key, settings.name, now, now);
    this._o.store.put({ kind: 'key', appId, id, body: record as unknown as Record<string, unknown> });
    this._o.auth.putKey(key);
    return record;
  }

  updateKey(appId: string, id: string, body: unknown): KeyRecord {
    const current = this._madeKey(appId, id, 'update');
    const settings: KeySettings = keyWithChanges(current, body);
    const record: KeyRecord = { ...current, ...settings, modified: this._o.clock.now() };
    this._o.store.put({ kind: 'key', appId, id, body: record as unknown as Record<string, unknown> });
    this._o.auth.putKey(apiKeyOf(record));
    return record;
  }

  /** Ably's key revocation deletes the key: it and its tokens stop authenticating at once. */
  revokeKey(appId: string, id: string): void {
    this._madeKey(appId, id, 'revoke');
    this._o.store.remove('key', appId, id);
    this._o.auth.removeKey(`${appId}.${id}`);
    this._apply();
  }

  private _madeKey(appId: string, id: string, operation: string): KeyRecord {
    this._assertApp(appId);
    if (this._startKeys.has(`${appId}.${id}`)) {
      throw new AblyError(
        40000,
        422,
        `unable to ${operation} key; ${appId}.${id} was given at start (--key, ABLY_LOCAL_KEY, a keys file or the key file beside the data): change it there`,
      );
    }
    return this._existing<KeyRecord>('key', appId, id);
  }

  private _assertApp(appId: string): void {
    if (!this.apps().includes(appId))
      throw new AblyError(40400, 404, `unable to find app ${JSON.stringify(appId)}`);
  }

  private _find(kind: ControlItem['kind'], appId: string, id: string): ControlItem | undefined {
    return this._o.store.list(kind).find((item) => item.appId === appId && item.id === id);
  }

  private _existing<T>(kind: ControlItem['kind'], appId: string, id: string): T {
    this._assertApp(appId);
    const item = this._find(kind, appId, id);
    if (!item)
      throw new AblyError(40400, 404, `unable to find ${kind} ${JSON.stringify(id)} in app ${appId}`);
    return item.body as T;
  }

  private _items<T>(kind: ControlItem['kind'], appId: string): T[] {
    return this._o.store
      .list(kind)
      .filter((item) => item.appId === appId)
      .map((item) => item.body as T);
  }

  private _save<T extends object>(kind: ControlItem['kind'], appId: string, id: string, body: T): T {
    this._o.store.put({ kind, appId, id, body: body as Record<string, unknown> });
    this._apply();
    return body;
  }

  /** 422 before a rule is stored that could not run (an unknown signing key, an invalid header). */
  private _assertRunnable(record: RuleRecord): void {
    if (record.ruleType === 'http' && record.target.signingKeyId !== null) {
      if (!this._o.auth.key(`${record.appId}.${record.target.signingKeyId}`)) {
        throw new AblyError(
          40000,
          422,
          `unable to save rule; signingKeyId ${JSON.stringify(record.target.signingKeyId)} is not a key of app ${record.appId}`,
        );
      }
    }
    const others = this._o.store
      .list('rule')
      .filter((item) => item.id !== record.id || item.appId !== record.appId);
    try {
      this._applyRules([...others.map((item) => item.body as unknown as RuleRecord), record]);
    } catch (err) {
      this._apply();
      throw new AblyError(40000, 422, `unable to save rule; ${(err as Error).message}`);
    }
  }

  /** Applies the stored state: channel rules, webhook and moderation rules. */
  private _apply(): void {
    this._o.runtime.setNamespaces(
      this._o.store.list('namespace').map((item) => item.body as unknown as NamespaceRule),
    );
    this._applyRules(this._o.store.list('rule').map((item) => item.body as unknown as RuleRecord));
  }

  private _applyRules(records: RuleRecord[]): void {
    const webhooks: WebhookRuleInput[] = [];
    const moderation: ModerationRuleSpec[] = [];
    for (const record of records) {
      if (record.status !== 'enabled') continue;
      if (record.ruleType === 'http' && record.target.signingKeyId !== null) {
        // A rule whose signing key was revoked since cannot sign: it stops, and the operator hears why.
        if (!this._o.auth.key(`${record.appId}.${record.target.signingKeyId}`)) {
          this._o.report(
            `run rule ${record.id}`,
            new AblyError(
              40101,
              401,
              `its signing key ${record.appId}.${record.target.signingKeyId} no longer exists`,
            ),
          );
          continue;
        }
      }
      const runtime = runtimeRule(record, this._o.webhookBatchIntervalMs);
      if ('webhook' in runtime) webhooks.push(runtime.webhook);
      else moderation.push(runtime.moderation);
    }
    this._o.runtime.setWebhooks(webhooks);
    this._o.runtime.setModeration(moderation);
  }
}

function keyRecord(key: ApiKey, name: string, created: number, modified: number): KeyRecord {
  return {
    appId: key.appId,
    id: key.keyName.slice(key.appId.length + 1),
    name,
    revocableTokens: key.revocableTokens,
    status: 0,
    key: apiKeyString(key),
    capability: key.capability,
    created,
    modified,
  };
}

function apiKeyOf(record: KeyRecord): ApiKey {
  const secret = record.key.slice(record.key.indexOf(':') + 1);
  return {
    appId: record.appId,
    keyName: `${record.appId}.${record.id}`,
    secret,
    capability: record.capability,
    revocableTokens: record.revocableTokens,
  };
}
