import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalAbly } from '../../../../server/ably-local/create-server.js';
import { FORMATS, rest, uniqueName } from '../../../support/local-ably.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(FORMATS)('SQLite storage over $format', ({ useBinaryProtocol }) => {
  it('keeps history across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ably-local-'));
    dirs.push(dir);
    const file = join(dir, 'data.sqlite');
    const name = uniqueName();
    const first = await createLocalAbly({ storage: { sqlite: file } });
    try {
      await rest(first, useBinaryProtocol)
        .channels.get(name)
        .publish([
          { name: 'a', data: 'before restart' },
          { name: 'b', data: Buffer.from([1, 2, 3]) },
        ]);
    } finally {
      await first.close();
    }
    const second = await createLocalAbly({ storage: { sqlite: file } });
    try {
      const channel = rest(second, useBinaryProtocol).channels.get(name);
      await channel.publish('c', 'after restart');
      const page = await channel.history();
      expect(page.items.map((m) => m.name)).toEqual(['c', 'b', 'a']);
      expect(page.items[2]!.data).toBe('before restart');
      expect(Buffer.from(page.items[1]!.data as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    } finally {
      await second.close();
    }
  });
});
