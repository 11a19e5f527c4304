import { OWNER_HEADER, SIGNING_KEY_ID, type KeyWish, type NamespaceWish, type RuleWish } from './ably-app.js';
import type { ControlRequest, KeyState, NamespaceState, RuleState } from './control-api.js';
import { missingCapability } from './key-capability.js';

/** Where an item of the app stands against the description. */
export type ItemState = 'ok' | 'missing' | 'differs' | 'unwanted' | 'foreign';

/** One line of the report: an item, how it stands, and the requests that would make it right. */
export interface PlanItem {
  label: string;
  state: ItemState;
  detail: string;
  /** What makes it match, in order; empty when it matches or is not ably-setup's to change. */
  requests: ControlRequest[];
  /** False when only a person can fix it (a key ably-setup does not own); `detail` says how. */
  fixable: boolean;
}

/** The backend's key as the plan sees it: the item, and the key's id when it exists. */
export interface KeyPlan {
  item: PlanItem;
  /** The key, when the app has it (its id signs the webhook rules). */
  key?: KeyState;
}

/**
 * The backend's key (docs/production.md): the one `ABLY_API_KEY` names when it is set, else the key named
 * {@link KeyWish.name}. A key ably-setup created is brought up to the description; any other key is only
 * checked, never changed — its owner is told what it lacks. Pure.
 */
export function planKey(
  base: string,
  wish: KeyWish,
  keys: KeyState[],
  apiKeyName: string | undefined,
): KeyPlan {
  const enabled = keys.filter((k) => (k.status ?? 0) === 0);
  const key = apiKeyName
    ? enabled.find((k) => `${k.appId}.${k.id}` === apiKeyName)
    : enabled.find((k) => k.name === wish.name);
  if (!key) {
    if (apiKeyName) {
      return {
        item: {
          label: `key ${apiKeyName}`,
          state: 'missing',
          detail: `ABLY_API_KEY names a key this app does not have (revoked?): set it to a key of the app, or unset it so ably-setup creates one`,
          requests: [],
          fixable: false,
        },
      };
    }
    return {
      item: {
        label: `key “${wish.name}”`,
        state: 'missing',
        detail: 'no key for the backend yet (ABLY_API_KEY is unset)',
        requests: [
          {
            method: 'POST',
            path: `${base}/keys`,
            body: { name: wish.name, capability: wish.capability, revocableTokens: wish.revocableTokens },
          },
        ],
        fixable: true,
      },
    };
  }
  const label = `key ${key.appId}.${key.id} “${key.name}”`;
  const lacking = missingCapability(key.capability, wish.capability);
  if (key.revocableTokens !== true) lacking.push('revocable tokens');
  if (lacking.length === 0) {
    return {
      key,
      item: { label, state: 'ok', detail: 'capability and revocable tokens', requests: [], fixable: true },
    };
  }
  const owned = key.name === wish.name;
  return {
    key,
    item: {
      label,
      state: 'differs',
      detail: owned
        ? `lacks ${lacking.join('; ')}`
        : `lacks ${lacking.join('; ')}; ably-setup does not change a key it did not create: give the key these in the Ably dashboard, or unset ABLY_API_KEY so ably-setup creates a key of its own`,
      requests: owned
        ? [
            {
              method: 'PATCH',
              path: `${base}/keys/${encodeURIComponent(key.id)}`,
              body: { capability: wish.capability, revocableTokens: wish.revocableTokens },
            },
          ]
        : [],
      fixable: owned,
    },
  };
}

/**
 * The channel rules: a missing one is created, one whose wanted settings differ is updated (only those
 * settings). Namespaces carry no mark of who made them, so ably-setup claims exactly the ids it describes and
 * never deletes one. Pure.
 */
export function planNamespaces(base: string, wishes: NamespaceWish[], current: NamespaceState[]): PlanItem[] {
  return wishes.map((wish) => {
    const label = `namespace ${wish.id}`;
    const found = current.find((n) => n.id === wish.id);
    const wanted = Object.entries(wish.settings);
    const settings = wanted.map(([name, value]) => `${name} ${value ? 'on' : 'off'}`).join(', ');
    if (!found) {
      return {
        label,
        state: 'missing',
        detail: `${settings}: ${wish.why}`,
        requests: [{ method: 'POST', path: `${base}/namespaces`, body: { id: wish.id, ...wish.settings } }],
        fixable: true,
      };
    }
    const off = wanted.filter(([name, value]) => found[name] !== value);
    if (off.length === 0) return { label, state: 'ok', detail: settings, requests: [], fixable: true };
    return {
      label,
      state: 'differs',
      detail: off
        .map(([name, value]) => `${name} is ${String(found[name] ?? false)}, wants ${value}`)
        .join('; '),
      requests: [
        {
          method: 'PATCH',
          path: `${base}/namespaces/${encodeURIComponent(wish.id)}`,
          body: Object.fromEntries(off),
        },
      ],
      fixable: true,
    };
  });
}

/** The name a rule was marked with by ably-setup, if it was. */
export function ownerOf(rule: RuleState): string | undefined {
  return rule.target?.headers?.find((h) => h.name.toLowerCase() === OWNER_HEADER.toLowerCase())?.value;
}

/**
 * The integration rules: ably-setup's own (marked with {@link OWNER_HEADER}) are created, updated when they
 * drifted, and deleted when the description no longer has them (or twice); rules made any other way are never
 * touched — one that posts to the backend too is reported, since it was probably made by hand before. Pure.
 */
export function planRules(
  base: string,
  wishes: RuleWish[],
  current: RuleState[],
  signingKeyId: string,
): PlanItem[] {
  const items: PlanItem[] = [];
  const claimed = new Set<string>();
  for (const wish of wishes) {
    const body = withKeyId(wish.body, signingKeyId) as Record<string, unknown>;
    const label = `rule ${wish.name} (${describe(body)})`;
    const found = current.find((rule) => ownerOf(rule) === wish.name && !claimed.has(rule.id));
    if (!found) {
      items.push({
        label,
        state: 'missing',
        detail: wish.why,
        requests: [{ method: 'POST', path: `${base}/rules`, body }],
        fixable: true,
      });
      continue;
    }
    claimed.add(found.id);
    const differences = differencesOf(body, found);
    items.push(
      differences.length === 0
        ? { label, state: 'ok', detail: `id ${found.id}`, requests: [], fixable: true }
        : {
            label,
            state: 'differs',
            detail: `id ${found.id}: ${differences.join('; ')}`,
            requests: [{ method: 'PATCH', path: `${base}/rules/${encodeURIComponent(found.id)}`, body }],
            fixable: true,
          },
    );
  }
  const urls = new Set(wishes.map((w) => (w.body.target as { url: string }).url));
  for (const rule of current) {
    if (claimed.has(rule.id)) continue;
    const owner = ownerOf(rule);
    if (owner !== undefined) {
      items.push({
        label: `rule ${owner} (${describe(rule)})`,
        state: 'unwanted',
        detail: wishes.some((w) => w.name === owner)
          ? `id ${rule.id}: a second rule with ably-setup's mark for ${owner}`
          : `id ${rule.id}: ably-setup made it, and the description no longer has it`,
        requests: [{ method: 'DELETE', path: `${base}/rules/${encodeURIComponent(rule.id)}` }],
        fixable: true,
      });
    } else if (rule.target?.url !== undefined && urls.has(rule.target.url)) {
      items.push({
        label: `rule ${rule.id} (${describe(rule)})`,
        state: 'foreign',
        detail: `not made by ably-setup (no ${OWNER_HEADER} header), left alone; if it was made by hand before, delete it`,
        requests: [],
        fixable: true,
      });
    }
  }
  return items;
}

/** `http channel.message ^task: → https://…/api/webhooks/ably` or `http/before-publish /^task:/ → …`. */
function describe(rule: Record<string, unknown>): string {
  const source = rule.source as { type?: string; channelFilter?: string } | undefined;
  const target = rule.target as { url?: string } | undefined;
  const filter = source
    ? `${source.type ?? ''} ${source.channelFilter ?? ''}`
    : String(rule.chatRoomFilter ?? '');
  return `${String(rule.ruleType)} ${filter.trim()} → ${target?.url ?? '?'}`;
}

function withKeyId(value: unknown, keyId: string): unknown {
  if (value === SIGNING_KEY_ID) return keyId;
  if (Array.isArray(value)) return value.map((v) => withKeyId(v, keyId));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withKeyId(v, keyId)]));
  }
  return value;
}

/**
 * Where a rule differs from the wanted body, field by field (only the fields the body sets). Header values
 * are secrets (a moderation rule's bearer token): a difference there names the headers, never their values.
 */
export function differencesOf(
  wanted: Record<string, unknown>,
  actual: Record<string, unknown>,
  path = '',
): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(wanted)) {
    const at = path ? `${path}.${key}` : key;
    const current = actual?.[key];
    if (key === 'headers' && Array.isArray(value)) {
      if (!sameHeaders(value as Header[], (current ?? []) as Header[]))
        out.push(`${at} differ (values not shown)`);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out.push(
        ...differencesOf(value as Record<string, unknown>, (current ?? {}) as Record<string, unknown>, at),
      );
    } else if (JSON.stringify(current) !== JSON.stringify(value)) {
      out.push(`${at} is ${JSON.stringify(current ?? null)}, wants ${JSON.stringify(value)}`);
    }
  }
  return out;
}

interface Header {
  name: string;
  value: string;
}

function sameHeaders(wanted: Header[], actual: Header[]): boolean {
  const key = (list: Header[]) =>
    list
      .map((h) => `${h.name.toLowerCase()}\n${h.value}`)
      .sort()
      .join('\n\n');
  return key(wanted) === key(actual);
}
