import { randomBytes } from 'node:crypto';
import { loadOrCreateSecret } from './local-key.js';

/** ably-local's Control API access token for a started server, and where it came from (the banner's). */
export interface LocalControlToken {
  token: string;
  /** "from ABLY_LOCAL_CONTROL_TOKEN", "stored in <file>", … */
  source: string;
  /** True when it exists only in this process: the banner must show it or nobody can use it. */
  ephemeral: boolean;
}

/** Shortest token accepted: a guessable one would open the app's configuration and keys. */
const MIN_TOKEN_LENGTH = 16;

/** The token file next to a SQLite data file, beside its key file: `<data>.control-token`. */
export function controlTokenFileFor(dataFile: string): string {
  return `${dataFile}.control-token`;
}

/** A fresh random access token (`crypto.randomBytes`). */
export function randomControlToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The Control API token of a started server (`main.ts`, `npm start`; DESIGN §15.1): `ABLY_LOCAL_CONTROL_TOKEN`
 * wins; else, with a data file, the token kept in `<data>.control-token` (0600, made on first start); else a
 * random token for this run.
 */
export function resolveControlToken(options: { given?: string; dataFile?: string }): LocalControlToken {
  if (options.given !== undefined) {
    assertToken(options.given);
    return { token: options.given, source: 'from ABLY_LOCAL_CONTROL_TOKEN', ephemeral: false };
  }
  if (options.dataFile) {
    const file = controlTokenFileFor(options.dataFile);
    const { secret, created } = loadOrCreateSecret(file, 'control token', randomControlToken, assertToken);
    return { token: secret, source: `${created ? 'generated into' : 'stored in'} ${file}`, ephemeral: false };
  }
  return { token: randomControlToken(), source: 'random for this run', ephemeral: true };
}

function assertToken(token: string): void {
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new Error(`a control token must be at least ${MIN_TOKEN_LENGTH} characters without whitespace`);
  }
}
