import { parseCapability, type Capability } from '../auth/capability.js';
import { AblyError } from '../protocol/ably-error.js';
import { BodyShape } from './body-shape.js';

/** A key as `GET /v1/apps/:app/keys` answers it (`key_response`; `status` 0 enabled). */
export interface KeyRecord {
  appId: string;
  id: string;
  name: string;
  revocableTokens: boolean;
  status: 0;
  /** The whole key, `appId.keyId:secret`, as Ably's Control API returns it to an account's tokens. */
  key: string;
  capability: Capability;
  created: number;
  modified: number;
}

/** What a key's fields become once checked. */
export interface KeySettings {
  name: string;
  capability: Capability;
  revocableTokens: boolean;
}

/** `POST /v1/apps/:app/keys` (`key_post`): a name and a capability; revocable tokens off unless asked. */
export function keyToCreate(body: unknown): KeySettings {
  const shape = new BodyShape('create key');
  const record = shape.object(
    body,
    'body',
    ['name', 'capability', 'revocableTokens'],
    ['name', 'capability'],
  );
  return {
    name: shape.string(record.name, 'body.name')!,
    capability: capabilityOf(record.capability),
    revocableTokens: shape.bool(record.revocableTokens, 'body.revocableTokens', true) ?? false,
  };
}

/** `PATCH /v1/apps/:app/keys/:id` (`key_patch`): the given fields replace the stored ones. */
export function keyWithChanges(current: KeySettings, body: unknown): KeySettings {
  const shape = new BodyShape('update key');
  const record = shape.object(body, 'body', ['name', 'capability', 'revocableTokens']);
  return {
    name: shape.string(record.name, 'body.name') ?? current.name,
    capability: record.capability === undefined ? current.capability : capabilityOf(record.capability),
    revocableTokens:
      shape.bool(record.revocableTokens, 'body.revocableTokens', true) ?? current.revocableTokens,
  };
}

function capabilityOf(value: unknown): Capability {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AblyError(
      40000,
      400,
      'unable to save key; body.capability must be an object of resource to operations',
    );
  }
  // The same rules as a token's capability (DESIGN §6.3): known operations, `*` alone.
  const capability = parseCapability(value);
  if (Object.keys(capability).length === 0) {
    throw new AblyError(40000, 400, 'unable to save key; body.capability grants nothing');
  }
  return capability;
}
