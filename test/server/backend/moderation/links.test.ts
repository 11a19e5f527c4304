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

  // What these cost against ordinary text of the same length is a benchmark: npm run bench -- worst-case.
  it.each([
    ['', 'a.', 30_000],
    ['', 'a.b ', 15_000],
    ['http://', 'x', 60_000],
  ])('finds no link in %j then %j repeated %i times', (head, unit, times) => {
    expect(findLinks(head + unit.repeat(times))).toEqual([]);
  });
});
