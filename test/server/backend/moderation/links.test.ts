import { describe, expect, it } from 'vitest';
import { countLinks, findLinks } from '../../../../server/backend/moderation/links.js';

describe('findLinks', () => {
  it.each([
    ['https://Shop.Example/orders/8841?x=1', 'shop.example'],
    ['(see http://user:pw@host.example:8080/x).', 'host.example'],
    ['www.shop.example', 'www.shop.example'],
    ['www.shop.example/orders', 'www.shop.example'],
    ['ebay.de', 'ebay.de'],
    ['t.me/ann', 't.me'],
    ['discord.gg/abc', 'discord.gg'],
    ['shop.example.com/x', 'shop.example.com'],
    ['bikes.store', 'bikes.store'],
    ['«amazon.co.uk»', 'amazon.co.uk'],
    ['localhost.com:3000/x', 'localhost.com'],
  ])('finds %j on host %s', (text, host) => {
    expect(findLinks(text).map((l) => l.host)).toEqual([host]);
  });

  it.each([
    ['ann@mail.com'],
    ['e.g.'],
    ['i.e.'],
    ['file.txt'],
    ['v1.2.3'],
    ['3.5kg'],
    ['Mr.Smith'],
    ['hello'],
    ['ftp://x.example'],
  ])('finds no link in %j', (text) => {
    expect(findLinks(text)).toEqual([]);
  });

  it('counts every link in a message', () => {
    expect(countLinks('see https://a.example, www.b.example and c.com; not d@e.com')).toBe(3);
  });

  it('stays fast on long hostile input', () => {
    for (const input of ['a.'.repeat(30_000), 'a.b '.repeat(15_000), `http://${'x'.repeat(60_000)}`]) {
      const started = performance.now();
      findLinks(input);
      expect(performance.now() - started).toBeLessThan(250);
    }
  });
});
