import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MemoryControlStore,
  SqliteControlStore,
  type ControlStore,
} from '../../../../server/ably-local/control/control-store.js';
import { controlClient } from '../../../support/control-api.js';
import { startLocalAbly } from '../../../support/local-ably.js';

const dirs: string[] = [];
const stores: ControlStore[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ably-local-control-'));
  dirs.push(dir);
  return join(dir, 'data.sqlite');
}

const IMPLEMENTATIONS: { name: string; open: () => ControlStore }[] = [
  { name: 'MemoryControlStore', open: () => new MemoryControlStore() },
  { name: 'SqliteControlStore', open: () => new SqliteControlStore(tempFile()) },
];

/** The ControlStore contract (DESIGN §15): both keep items per kind and app, in creation order. */
describe.each(IMPLEMENTATIONS)('$name', ({ open }) => {
  it('lists items of a kind in creation order, an update keeping its place, and removes them', () => {
    const store = open();
    stores.push(store);
    store.put({ kind: 'rule', appId: 'a', id: 'r1', body: { n: 1 } });
    store.put({ kind: 'rule', appId: 'a', id: 'r2', body: { n: 2 } });
    store.put({ kind: 'namespace', appId: 'a', id: 'r1', body: { n: 3 } });
    store.put({ kind: 'rule', appId: 'a', id: 'r1', body: { n: 4 } });
    expect(store.list('rule')).toEqual([
      { kind: 'rule', appId: 'a', id: 'r1', body: { n: 4 } },
      { kind: 'rule', appId: 'a', id: 'r2', body: { n: 2 } },
    ]);
    expect(store.remove('rule', 'a', 'r1')).toBe(true);
    expect(store.remove('rule', 'a', 'r1')).toBe(false);
    expect(store.list('rule').map((i) => i.id)).toEqual(['r2']);
    expect(store.list('namespace').map((i) => i.body)).toEqual([{ n: 3 }]);
  });

  it('hands out copies: changing a listed body changes nothing stored', () => {
    const store = open();
    stores.push(store);
    store.put({ kind: 'key', appId: 'a', id: 'k', body: { nested: { x: 1 } } });
    (store.list('key')[0]!.body.nested as { x: number }).x = 2;
    expect(store.list('key')[0]!.body).toEqual({ nested: { x: 1 } });
  });
});

describe('Control API state in the data file', () => {
  it('keeps namespaces, rules and keys across a restart, and applies them at start', async () => {
    const file = tempFile();
    const keys = ['app.k:secret'];
    const first = await startLocalAbly({ storage: { sqlite: file }, keys });
    const call = controlClient(first);
    await call('POST', '/apps/app/namespaces', { id: 'agent', mutableMessages: true });
    const made = await call('POST', '/apps/app/keys', { name: 'backend', capability: { '*': ['*'] } });
    await call('POST', '/apps/app/rules', {
      ruleType: 'http',
      requestMode: 'single',
      source: { channelFilter: '', type: 'channel.presence' },
      target: { url: 'https://x.example/h', format: 'json', signingKeyId: made.body.id },
    });
    await first.close();
    const second = await startLocalAbly({ storage: { sqlite: file }, keys });
    const again = controlClient(second);
    expect((await again('GET', '/apps/app/namespaces')).body.map((n: { id: string }) => n.id)).toEqual([
      'agent',
    ]);
    expect((await again('GET', '/apps/app/rules')).body).toHaveLength(1);
    expect((await again('GET', '/apps/app/keys')).body.map((k: { name: string }) => k.name)).toEqual([
      'ably-local',
      'backend',
    ]);
    const res = await fetch(`${second.url}/channels/agent:x/messages`, {
      headers: { authorization: `Basic ${Buffer.from(made.body.key).toString('base64')}` },
    });
    expect(res.status).toBe(200);
  });
});
