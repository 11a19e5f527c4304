import { readFileSync } from 'node:fs';
import { parseApiKey, type ApiKeySpec } from './auth/api-key.js';

/**
 * Keys given on the command line with their capabilities (DESIGN §6.1): the n-th `--key-capability` is the
 * capability of the n-th `--key`; keys without one get full access. Every spec is checked (key shape,
 * capability syntax) so a typo stops the start instead of refusing clients later. Pure.
 */
export function keySpecsFromArgs(keys: string[], capabilities: string[] = []): ApiKeySpec[] {
  if (capabilities.length > keys.length) {
    throw new Error(
      `unable to read keys; ${capabilities.length} --key-capability for ${keys.length} --key (each capability belongs to the --key at the same position)`,
    );
  }
  return keys.map((key, i) => checked({ key, capability: capabilities[i] }));
}

/**
 * A JSON key list (`--keys-file`): an array of `"appId.keyId:secret"` strings or
 * `{"key": "appId.keyId:secret", "capability": {...} | "<JSON>", "revocableTokens": false}` objects. Pure.
 */
export function parseKeyList(text: string, source: string): ApiKeySpec[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`unable to read keys from ${source}; not valid JSON (${(err as Error).message})`, {
      cause: err,
    });
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(`unable to read keys from ${source}; expected a non-empty JSON array of keys`);
  }
  return value.map((entry: unknown, i) => {
    if (typeof entry === 'string') return checked({ key: entry }, `${source} entry ${i}`);
    if (typeof entry === 'object' && entry !== null && typeof (entry as ApiKeySpec).key === 'string') {
      const { key, capability, revocableTokens } = entry as ApiKeySpec;
      if (revocableTokens !== undefined && typeof revocableTokens !== 'boolean') {
        throw new Error(
          `unable to read keys from ${source}; entry ${i}: revocableTokens must be true or false`,
        );
      }
      return checked(
        {
          key,
          ...(capability === undefined ? {} : { capability }),
          ...(revocableTokens === undefined ? {} : { revocableTokens }),
        },
        `${source} entry ${i}`,
      );
    }
    throw new Error(
      `unable to read keys from ${source}; entry ${i} is neither a key string nor {key, capability, revocableTokens}`,
    );
  });
}

/** Reads a `--keys-file`. */
export function readKeyList(file: string): ApiKeySpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`unable to read keys from ${file}; ${(err as Error).message}`, { cause: err });
  }
  return parseKeyList(text, file);
}

function checked(spec: ApiKeySpec, where?: string): ApiKeySpec {
  try {
    parseApiKey(spec);
  } catch (err) {
    // Never echo the secret: name the key by its name only.
    const name = spec.key.split(':')[0];
    const message = (err as Error).message;
    const reason = message.startsWith('invalid API key') ? 'expected appId.keyId:secret' : message;
    throw new Error(`unable to read key ${name}${where ? ` (${where})` : ''}; ${reason}`, { cause: err });
  }
  return spec.capability === undefined && spec.revocableTokens === undefined ? { key: spec.key } : spec;
}
