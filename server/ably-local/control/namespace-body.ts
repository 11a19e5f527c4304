import type { NamespaceRule } from '../core/channel-rules.js';
import { BodyShape } from './body-shape.js';

/** A stored channel rule as `GET /v1/apps/:app/namespaces` answers it (`namespace_response`). */
export interface NamespaceRecord extends NamespaceRule {
  appId: string;
  created: number;
  modified: number;
}

const FLAGS = [
  'authenticated',
  'persisted',
  'persistLast',
  'pushEnabled',
  'batchingEnabled',
  'conflationEnabled',
  'tlsOnly',
  'exposeTimeserial',
  'mutableMessages',
  'populateChannelRegistry',
] as const;
const SETTINGS = [...FLAGS, 'batchingInterval', 'conflationInterval', 'conflationKey'] as const;

/** A namespace id: a channel name or its first part, never a wildcard (Ably's namespace rules). */
const NAMESPACE_ID = /^[^\s*:[,][^\s*]{0,511}$/;

/** `POST /v1/apps/:app/namespaces` (`namespace_post`): every setting defaults to false. Pure. */
export function namespaceToCreate(body: unknown): NamespaceRule {
  const shape = new BodyShape('create namespace');
  const record = shape.object(body, 'body', ['id', ...SETTINGS], ['id']);
  const id = shape.string(record.id, 'body.id')!;
  if (!NAMESPACE_ID.test(id)) {
    shape.fail('body.id', 'must be a channel name or namespace without *, whitespace or a leading : [ ,');
  }
  const rule: NamespaceRule = {
    id,
    authenticated: false,
    persisted: false,
    persistLast: false,
    pushEnabled: false,
    batchingEnabled: false,
    conflationEnabled: false,
    tlsOnly: false,
    exposeTimeserial: false,
    mutableMessages: false,
    populateChannelRegistry: false,
  };
  return applySettings(rule, record, shape);
}

/** `PATCH /v1/apps/:app/namespaces/:id` (`namespace_patch`): the given settings replace the stored ones. */
export function namespaceWithChanges<T extends NamespaceRule>(current: T, body: unknown): T {
  const shape = new BodyShape('update namespace');
  return applySettings({ ...current }, shape.object(body, 'body', SETTINGS), shape);
}

function applySettings<T extends NamespaceRule>(rule: T, body: Record<string, unknown>, shape: BodyShape): T {
  for (const flag of FLAGS) {
    const value = shape.bool(body[flag], `body.${flag}`);
    if (value !== undefined) rule[flag] = value;
  }
  const batchingInterval = shape.int(body.batchingInterval, 'body.batchingInterval', 20, 1000);
  if (batchingInterval !== undefined) rule.batchingInterval = batchingInterval;
  const conflationInterval = shape.int(body.conflationInterval, 'body.conflationInterval', 0, 3_600_000);
  if (conflationInterval !== undefined) rule.conflationInterval = conflationInterval;
  const conflationKey = shape.string(body.conflationKey, 'body.conflationKey');
  if (conflationKey !== undefined) rule.conflationKey = conflationKey;
  return rule;
}
