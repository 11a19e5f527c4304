import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseApiKey } from '../../../server/ably-local/auth/api-key.js';
import { loadOrCreateKey, resolveLocalKeys } from '../../../server/ably-local/local-key.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ably-local-key-'));
  dirs.push(dir);
  return dir;
}

/** Issue #7 finding 5: a started ably-local never runs on the published key (DESIGN §6.1). */
describe('resolveLocalKeys', () => {
  it('creates <data>.key with a random key, mode 0600, and reads it back on the next start', () => {
    const data = join(tempDir(), 'ably.sqlite');
    const first = resolveLocalKeys({ dataFile: data });
    expect(first.source).toBe(`generated into ${data}.key`);
    expect(statSync(`${data}.key`).mode & 0o777).toBe(0o600);
    expect(() => parseApiKey(first.keys[0]!)).not.toThrow();
    const second = resolveLocalKeys({ dataFile: data });
    expect(second).toMatchObject({ keys: first.keys, source: `stored in ${data}.key`, ephemeral: false });
  });

  it('uses a fresh random key per start when there is no data file', () => {
    const [a, b] = [resolveLocalKeys({}), resolveLocalKeys({})];
    expect(a.keys[0]).not.toBe(b.keys[0]);
    expect(a).toMatchObject({ ephemeral: true, source: 'random for this run' });
    expect(a.keys[0]).not.toContain('ably-local-dev-secret');
  });

  it('prefers given keys over the key file when some are given', () => {
    const data = join(tempDir(), 'ably.sqlite');
    const local = resolveLocalKeys({ given: ['app.k:s'], givenFrom: 'ABLY_LOCAL_KEY', dataFile: data });
    expect(local).toEqual({
      keys: ['app.k:s'],
      keyName: 'app.k',
      source: 'from ABLY_LOCAL_KEY',
      ephemeral: false,
    });
    expect(() => statSync(`${data}.key`)).toThrow();
  });

  it('refuses to start when the key file holds no valid key', () => {
    const file = join(tempDir(), 'bad.key');
    writeFileSync(file, 'not a key');
    expect(() => loadOrCreateKey(file)).toThrow(/appId\.keyId:secret/);
  });
});
