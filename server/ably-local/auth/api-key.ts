import { errors } from '../protocol/ably-error.js';
import { parseCapability, type Capability } from './capability.js';

/** An app key: `appId.keyId:secret`, with the capability it grants (DESIGN §6.1). */
export interface ApiKey {
  appId: string;
  keyName: string;
  secret: string;
  capability: Capability;
}

export interface ApiKeySpec {
  key: string;
  capability?: Capability | string;
}

const KEY_PATTERN = /^([^:.\s]+)\.([^:.\s]+):([^:.\s]+)$/;

/** Parses `appId.keyId:secret`; the secret may not contain `.` or `:` (the SDK refuses such keys). */
export function parseApiKey(spec: string | ApiKeySpec): ApiKey {
  const { key, capability } = typeof spec === 'string' ? { key: spec, capability: undefined } : spec;
  const match = KEY_PATTERN.exec(key);
  if (!match) {
    throw errors.badRequest(`invalid API key ${JSON.stringify(key)}; expected appId.keyId:secret`);
  }
  return {
    appId: match[1]!,
    keyName: `${match[1]}.${match[2]}`,
    secret: match[3]!,
    capability: capability === undefined ? { '[*]*': ['*'] } : parseCapability(capability),
  };
}

export function apiKeyString(key: ApiKey): string {
  return `${key.keyName}:${key.secret}`;
}
