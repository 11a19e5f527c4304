import { describe, expect, it } from 'vitest';
import {
  findContactInformation,
  type ContactKind,
} from '../../../../server/backend/moderation/contact-information.js';

const kindOf = (text: string): ContactKind | undefined => findContactInformation(text)?.kind;

describe('findContactInformation', () => {
  it.each([
    // Phone numbers in the formats people write them.
    ['call me on +44 20 7946 0958', 'phone'],
    ['my number: +1 (555) 010-0200', 'phone'],
    ['(555) 010-0200 after six', 'phone'],
    ['555-010-0200', 'phone'],
    ['555.010.0200', 'phone'],
    ['ring 07911 123456', 'phone'],
    ['0044 20 7946 0958', 'phone'],
    ['+49 (0)30 1234567', 'phone'],
    ['06 12 34 56 78', 'phone'],
    ['+33612345678', 'phone'],
    ['5550100200', 'phone'],
    ['whatsapp 5 5 5 0 1 0 0 2 0 0', 'phone'],
    ['+91-98765-43210', 'phone'],
    ['tel:+15550100200', 'phone'],
    // E-mail addresses, plain and spelled out.
    ['write to ann.b+shop@example.co.uk', 'email'],
    ['ann@mail.com', 'email'],
    ['ann (at) mail (dot) com', 'email'],
    ['ann[at]mail.com', 'email'],
    ['ann at mail dot com', 'email'],
    ['ANN {AT} MAIL {DOT} DE', 'email'],
    // Messenger and social handles and links.
    ['telegram: ann_b', 'messenger'],
    ['WhatsApp - @annb', 'messenger'],
    ['add me on snapchat', 'messenger'],
    ['text me on WhatsApp', 'messenger'],
    ['my insta is @ann.sells.bikes', 'messenger'],
    ['t.me/annb', 'messenger'],
    ['https://wa.me/15550100', 'messenger'],
    ['instagram.com/ann', 'messenger'],
    ['discord.gg/abc123', 'messenger'],
    // Other marketplaces.
    ['cheaper on https://www.ebay.de/itm/1234', 'marketplace-link'],
    ['see etsy.com/listing/99', 'marketplace-link'],
    ['ebay.co.uk has it', 'marketplace-link'],
    ['m.olx.pl/oferta/x', 'marketplace-link'],
    ['amazon.com.br/dp/1', 'marketplace-link'],
  ])('finds %j as %s', (text, kind) => {
    expect(kindOf(text)).toBe(kind);
  });

  it.each([
    ['Is the bike still for sale?'],
    ['Order 8841 ships tomorrow'],
    ['#1234567890 is the tracking reference'],
    ['It costs $1,299.99 or €1.299,00'],
    ['I can pay 1 000 000 for it'],
    ['Delivered 2024-05-01 at 10:30'],
    ['on 01.05.2024 at 10:30:15'],
    ['between 10 and 20 pieces'],
    ['order 88412345 please'],
    ['version v1.2.3.4567'],
    ['no signal here at the moment'],
    ['stand in line please'],
    ['@Ann thanks!'],
    ['meet at google.com offices'],
    ['I work at the shop dot'],
    ['see https://shop.example/orders/8841'],
    ['ebayer is not a site'],
    [''],
  ])('finds nothing in %j', (text) => {
    expect(findContactInformation(text)).toBeUndefined();
  });

  // What these cost against ordinary text of the same length is a benchmark: npm run bench -- worst-case.
  it.each([
    ['nothing', 'a', 60_000],
    ['nothing', 'a.', 30_000],
    ['phone', '1 ', 30_000],
    ['nothing', '@', 60_000],
    ['nothing', 'x@', 30_000],
    ['nothing', 'ann at ', 8_000],
    ['nothing', 'telegram ', 6_000],
  ])('finds %s in %j repeated %i times', (kind, unit, times) => {
    expect(kindOf(unit.repeat(times)) ?? 'nothing').toBe(kind);
  });
});
