import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { parseApiKey, type ApiKeySpec } from './auth/api-key.js';

/** Which keys a started ably-local uses and where the first one came from, for the startup banner. */
export interface LocalKeys {
  /** Keys, each with its own capability where one was given (`--key-capability`, `--keys-file`). */
  keys: (string | ApiKeySpec)[];
  /** The first key's name, never its secret. */
  keyName: string;
  /** "from --key", "stored in <file>", … */
  source: string;
  /** True when the key exists only in this process: the banner must show it or nobody can use it. */
  ephemeral: boolean;
}

/** A fresh full-access key `local.<id>:<secret>` from `crypto.randomBytes` (DESIGN §6.1). */
export function randomApiKey(): string {
  return `local.${randomBytes(6).toString('hex')}:${randomBytes(24).toString('base64url')}`;
}

/**
 * The key file next to a SQLite data file: `<data>.key`, created with a random key on first start and
 * readable by its owner only (0600); later starts read it back, so tokens and clients keep working.
 */
export function keyFileFor(dataFile: string): string {
  return `${dataFile}.key`;
}

/** Reads the key in `file`, or creates the file with a random key when it does not exist yet. */
export function loadOrCreateKey(file: string): { key: string; created: boolean } {
  const { secret, created } = loadOrCreateSecret(file, 'key', randomApiKey, (key) => parseApiKey(key));
  return { key: secret, created };
}

/**
 * Reads the secret kept in `file` (checked by `check`, which throws on a bad one), or creates the file with
 * `make()`, readable by its owner only (0600), when it does not exist yet. `what` names it in errors.
 */
export function loadOrCreateSecret(
  file: string,
  what: string,
  make: () => string,
  check: (secret: string) => void,
): { secret: string; created: boolean } {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    check(secret);
    return { secret, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`unable to read the ably-local ${what} file ${file}; ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  const secret = make();
  // `wx`: never overwrite a secret another process has just written.
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { secret, created: true };
}

/**
 * The keys for a started server (`main.ts`, `npm start`): given ones win; otherwise the data file's key file;
 * otherwise, in memory, a random key for this run. Never the published development key (DESIGN §6.1).
 */
export function resolveLocalKeys(options: {
  given?: (string | ApiKeySpec)[];
  givenFrom?: string;
  dataFile?: string;
}): LocalKeys {
  if (options.given && options.given.length > 0) {
    return {
      keys: options.given,
      keyName: parseApiKey(options.given[0]!).keyName,
      source: `from ${options.givenFrom ?? 'the command line'}`,
      ephemeral: false,
    };
  }
  if (options.dataFile) {
    const file = keyFileFor(options.dataFile);
    const { key, created } = loadOrCreateKey(file);
    return {
      keys: [key],
      keyName: parseApiKey(key).keyName,
      source: `${created ? 'generated into' : 'stored in'} ${file}`,
      ephemeral: false,
    };
  }
  const key = randomApiKey();
  return { keys: [key], keyName: parseApiKey(key).keyName, source: 'random for this run', ephemeral: true };
}
