import { errors } from '../protocol/ably-error.js';
import { parseCapability, type Capability } from './capability.js';

/** An app key: `appId.keyId:secret`, with the capability it grants (DESIGN §6.1). */
export interface ApiKey {
  appId: string;
  keyName: string;
  secret: string;
  capability: Capability;
  /** Tokens it issued can be revoked (`revokeTokens`; else 40121), Ably's per-key setting. */
  revocableTokens: boolean;
}

export interface ApiKeySpec {
  key: string;
  capability?: Capability | string;
  /** Default true for keys given at start (DESIGN §6.1). */
  revocableTokens?: boolean;
}

const KEY_PATTERN = /^([^:.\s]+)\.([^:.\s]+):([^:.\s]+)$/;

/** Parses `appId.keyId:secret`; the secret may not contain `.` or `:` (the SDK refuses such keys). */
export function parseApiKey(spec: string | ApiKeySpec): ApiKey {
  const { key, capability, revocableTokens } =
    typeof spec === 'string' ? { key: spec, capability: undefined, revocableTokens: undefined } : spec;
  const match = KEY_PATTERN.exec(key);
  if (!match) {
    throw errors.badRequest(`invalid API key ${JSON.stringify(key)}; expected appId.keyId:secret`);
  }
  return {
    appId: match[1]!,
    keyName: `${match[1]}.${match[2]}`,
    secret: match[3]!,
    capability: capability === undefined ? { '[*]*': ['*'] } : parseCapability(capability),
    revocableTokens: revocableTokens ?? true,
  };
}

export function apiKeyString(key: ApiKey): string {
  return `${key.keyName}:${key.secret}`;
}
