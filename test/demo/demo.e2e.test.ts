import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startNpmStart, type NpmStart } from '../support/npm-start.js';

/**
 * The demo as a newcomer meets it: `npm start` as a process, its pages in Debian Chromium, driven only
 * through what a person sees (roles and accessible names, which Playwright finds through shadow roots).
 */
let app: NpmStart;
let browser: Browser;

beforeAll(async () => {
  app = await startNpmStart();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (app) expect(await app.stop()).toBe(0);
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The browser's own favicon request names the file in where it happened, not in the text.
    const favicon = `${m.text()} ${m.location().url}`.includes('favicon');
    if (m.type() === 'error' && !favicon) errors.push(m.text());
  });
  await page.goto(new URL(path, app.demo).href);
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

const pane = (page: Page, name: string) => page.getByRole('region', { name });

describe('the demo (npm start)', () => {
  it('answers / with the demo and lists the scenarios', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: /Ticket 1042/ }).waitFor();
    await page.getByRole('link', { name: /Order 8841/ }).waitFor();
    await page.getByRole('link', { name: /Game 77/ }).waitFor();
    await page.close();
  });

  it('lets the help bot answer the customer first and hand over to the agent, who replies', async () => {
    const page = await open('/demo/ticket');
    const ana = pane(page, 'Ana García, customer');
    const dana = pane(page, 'Dana Ortiz, agent');
    // The ticket opens with Ana's screenshot of the error.
    await dana.getByRole('button', { name: 'View sign-in-error.png' }).waitFor();
    const text = `My password stopped working ${Date.now()}`;
    await ana.getByRole('textbox', { name: 'Message' }).fill(text);
    await ana.getByRole('textbox', { name: 'Message' }).press('Enter');
    await messages(ana).getByText('I’ve handed your ticket to an agent').waitFor();
    await messages(dana).getByText(text).waitFor();
    await dana.getByRole('textbox', { name: 'Message' }).fill('Hi Ana, Dana here — let me reset it for you.');
    await dana.getByRole('button', { name: 'Send', exact: true }).click();
    await messages(ana).getByText('Dana here — let me reset it').waitFor();
    await expect(
      ana
        .getByRole('article', { name: /^Help bot, / })
        .first()
        .textContent(),
    ).resolves.toContain('bot');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('shows the buyer’s photo of the vase to the seller, and in full on a click', async () => {
    const page = await open('/demo/order');
    const sam = pane(page, 'Sam Potter, seller');
    const photo = sam.getByRole('button', { name: 'View vase-crack.jpg' });
    await photo.waitFor();
    await expect
      .poll(() => photo.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await photo.click();
    const full = page.getByRole('dialog', { name: 'vase-crack.jpg' });
    await expect
      .poll(() => full.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(1200);
    await page.keyboard.press('Escape');
    await full.waitFor({ state: 'detached' });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('shows the courier’s status line live in the buyer’s pane', async () => {
    const page = await open('/demo/order');
    const ann = pane(page, 'Ann Lee, buyer');
    const kofi = pane(page, 'Kofi Mensah, courier');
    await ann.getByText('Kofi Mensah: 5 min away').waitFor();
    await kofi.getByLabel('Status').fill('at your door');
    await kofi.getByRole('button', { name: 'Update' }).click();
    await ann.getByText('Kofi Mensah: at your door').waitFor();
    await page.close();
  });

  it('refuses a phone number in the order with the reason, keeping the draft, and never shows it to the others', async () => {
    const page = await open('/demo/order');
    const ann = pane(page, 'Ann Lee, buyer');
    const box = ann.getByRole('textbox', { name: 'Message' });
    const text = `Call me on +44 20 7946 0958 (${Date.now()})`;
    await box.fill(text);
    await box.press('Enter');
    await ann
      .getByRole('alert')
      .getByText("Phone numbers and e-mail addresses can't be shared in this chat")
      .waitFor();
    expect(await box.inputValue()).toBe(text);
    expect(await pane(page, 'Sam Potter, seller').getByText(text).count()).toBe(0);
    await page.close();
  });

  it('alerts a participant whose pane is closed, once, in the push outbox; reopening shows what was missed', async () => {
    const page = await open('/demo/ticket');
    const ana = pane(page, 'Ana García, customer');
    const dana = pane(page, 'Dana Ortiz, agent');
    const danaHeader = dana.locator('[part="subtitle"]');
    await expect.poll(() => danaHeader.textContent(), { timeout: 15_000 }).toContain('Ana García');
    await ana.getByRole('button', { name: 'Close' }).click();
    // Ana is away once Dana's header no longer shows her.
    await expect.poll(() => danaHeader.textContent(), { timeout: 15_000 }).not.toContain('Ana García');
    const text = `Your account is unlocked (${Date.now()})`;
    await dana.getByRole('textbox', { name: 'Message' }).fill(text);
    await dana.getByRole('textbox', { name: 'Message' }).press('Enter');
    const outbox = await open('/demo/outbox');
    const row = outbox.getByRole('row', { name: /Ana García/ });
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain(text.slice(0, 30));
    expect(await row.getByRole('link').getAttribute('href')).toMatch(/\/demo\/ticket$/);
    await outbox.close();
    await ana.getByRole('button', { name: 'Open' }).click();
    await messages(ana).getByText(text).waitFor();
    await page.close();
  });

  it('streams the help bot’s long research; closed mid-run, the pane gets the agent-complete push and the reply on return', async () => {
    const page = await open('/demo/ticket');
    const ana = pane(page, 'Ana García, customer');
    const dana = pane(page, 'Dana Ortiz, agent');
    const danaHeader = dana.locator('[part="subtitle"]');
    await expect.poll(() => danaHeader.textContent(), { timeout: 15_000 }).toContain('Ana García');
    await ana.getByRole('textbox', { name: 'Message' }).fill('Could you research my order history?');
    await ana.getByRole('textbox', { name: 'Message' }).press('Enter');
    // The reply streams into the bot's bubble, which Ana may stop.
    const writing = ana.locator('article[aria-busy="true"]', { hasText: 'order history' });
    await writing.waitFor({ timeout: 15_000 });
    await writing.getByRole('button', { name: 'Stop' }).waitFor();
    await ana.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => danaHeader.textContent(), { timeout: 15_000 }).not.toContain('Ana García');
    const outbox = await open('/demo/outbox');
    const row = outbox
      .getByRole('row', { name: /Ana García/ })
      .filter({ hasText: 'Your agent has finished' });
    await row.waitFor({ timeout: 40_000 });
    expect(await row.getByRole('link').getAttribute('href')).toMatch(/\/demo\/ticket$/);
    await outbox.close();
    await ana.getByRole('button', { name: 'Open' }).click();
    await messages(ana).getByText('Nothing is open on your side').waitFor({ timeout: 15_000 });
    expect(await ana.locator('article[aria-busy="true"]').count()).toBe(0);
    await page.close();
  });

  it('badges Ana’s ticket on the product site while its launcher is closed, without loading the chat, then opens it', async () => {
    const shop = await open('/demo/shop');
    const requested: string[] = [];
    shop.on('request', (request) => requested.push(request.url()));
    const launcher = shop.getByRole('button', { name: /^Open chat/ });
    await launcher.waitFor();
    const ticket = await open('/demo/ticket');
    // Ana is away from the ticket page (her pane there would read the message at once).
    await pane(ticket, 'Ana García, customer').getByRole('button', { name: 'Close' }).click();
    const dana = pane(ticket, 'Dana Ortiz, agent');
    const text = `Dana checking in ${Date.now()}`;
    await dana.getByRole('textbox', { name: 'Message' }).fill(text);
    await dana.getByRole('textbox', { name: 'Message' }).press('Enter');
    await shop.getByRole('button', { name: /^Open chat, \d+ unread$/ }).waitFor();
    await vi.waitFor(async () => expect(await shop.title()).toMatch(/^\(\d+\) Linen reading lamp/));
    // Closed, the page has the loader and the launcher's chunk, not the chat's (with the SDKs) or the inbox's.
    expect(requested.filter((url) => /embedded-chat-(?:inbox-)?view/.test(url))).toEqual([]);
    await launcher.click();
    const dialog = shop.getByRole('dialog', { name: 'Chat' });
    await dialog.getByRole('log').getByText(text).waitFor();
    expect(requested.some((url) => /embedded-chat-view/.test(url))).toBe(true);
    await vi.waitFor(async () => expect(await shop.title()).toMatch(/^Linen reading lamp/), {
      timeout: 10_000,
    });
    await shop.getByRole('button', { name: 'Close chat' }).click();
    await shop.getByRole('button', { name: 'Open chat' }).waitFor();
    expect([
      ...(shop as Page & { errors: string[] }).errors,
      ...(ticket as Page & { errors: string[] }).errors,
    ]).toEqual([]);
    await shop.close();
    await ticket.close();
  });

  it('shows Dana’s tickets on the agent desk: a message on the ticket page moves its row up with a badge, opening it clears the badge', async () => {
    const desk = await open('/demo/desk');
    const list = desk.getByRole('listbox', { name: 'Conversations' });
    await list.getByRole('option', { name: /Ticket 1043 · Refund not received/ }).waitFor();
    await list.getByRole('option', { name: /Ticket 1044/ }).waitFor();
    const ticket = await open('/demo/ticket');
    const ana = pane(ticket, 'Ana García, customer');
    // Dana is away from the ticket page (her pane there would read the message at once).
    await pane(ticket, 'Dana Ortiz, agent').getByRole('button', { name: 'Close' }).click();
    const text = `Still locked out ${Date.now()}`;
    await ana.getByRole('textbox', { name: 'Message' }).fill(text);
    await ana.getByRole('textbox', { name: 'Message' }).press('Enter');
    // Moved to the top with an unread badge (the last message is Ana's, or the help bot's answer to it).
    await list.getByRole('option', { name: /Ticket 1042.*unread message/ }).waitFor();
    await vi.waitFor(async () =>
      expect(await list.getByRole('option').first().textContent()).toMatch(/Ticket 1042/),
    );
    await vi.waitFor(async () => expect(await desk.title()).toMatch(/^\(\d+\) Agent desk/));
    // Opening it shows the conversation beside the list, which reads it: the badge goes.
    await list.getByRole('option', { name: /Ticket 1042/ }).click();
    await desk.getByRole('log').getByText(text).waitFor();
    await vi.waitFor(
      async () =>
        expect(await list.getByRole('option', { name: /Ticket 1042/ }).textContent()).not.toMatch(
          /unread message/,
        ),
      { timeout: 10_000 },
    );
    expect([
      ...(desk as Page & { errors: string[] }).errors,
      ...(ticket as Page & { errors: string[] }).errors,
    ]).toEqual([]);
    await desk.close();
    await ticket.close();
  });

  it('shows Sam’s orders on the seller page: a buyer’s message moves its row up, and reading it on another device clears the badge', async () => {
    const seller = await open('/demo/seller');
    const list = seller.getByRole('listbox', { name: 'Conversations' });
    await list.getByRole('option', { name: /Order 8850 · Wool throw/ }).waitFor();
    await list.getByRole('option', { name: /Order 8862 · Linen cushions/ }).waitFor();
    // The order page is a browser context of its own: for Sam, another device.
    const order = await open('/demo/order');
    const ann = pane(order, 'Ann Lee, buyer');
    const sam = pane(order, 'Sam Potter, seller');
    // Sam is away from the order on that device (his pane there would read the message at once).
    await sam.getByRole('button', { name: 'Close' }).click();
    // Letters only: the order's moderation refuses what looks like a phone number.
    const tag = Date.now()
      .toString(36)
      .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
    const text = `Can you send a new vase? Ref ${tag}`;
    await ann.getByRole('textbox', { name: 'Message' }).fill(text);
    await ann.getByRole('textbox', { name: 'Message' }).press('Enter');
    const row = list.getByRole('option', { name: /Order 8841/ });
    // Its row shows the message (the order had unread messages already), moved to the top.
    await vi.waitFor(async () => expect(await row.textContent()).toContain(text), { timeout: 15_000 });
    expect(await row.textContent()).toMatch(/unread message/);
    await vi.waitFor(async () =>
      expect(await list.getByRole('option').first().textContent()).toMatch(/Order 8841/),
    );
    await vi.waitFor(async () => expect(await seller.title()).toMatch(/^\(\d+\) Seller/));
    // Sam opens the order on the other device and reads it there: the seller page's badge goes, its row unopened.
    await sam.getByRole('button', { name: 'Open' }).click();
    await messages(sam).getByText(text).waitFor();
    await vi.waitFor(async () => expect(await row.textContent()).not.toMatch(/unread message/), {
      timeout: 10_000,
    });
    expect(await row.getAttribute('aria-selected')).toBe('false');
    // The title search keeps to the orders it names.
    await seller.getByRole('searchbox', { name: 'Search conversations' }).fill('wool');
    await vi.waitFor(async () =>
      expect(await list.getByRole('option').allTextContents()).toEqual([expect.stringMatching(/Wool throw/)]),
    );
    expect([
      ...(seller as Page & { errors: string[] }).errors,
      ...(order as Page & { errors: string[] }).errors,
    ]).toEqual([]);
    await seller.close();
    await order.close();
  });

  it('gives the game’s observer the conversation without a composer', async () => {
    const page = await open('/demo/game');
    const oli = pane(page, 'Oli (caster), observer');
    await oli.getByRole('log', { name: 'Messages' }).getByText('Rematch at 9?').waitFor();
    await oli.getByText('You can read this conversation but not write in it.').waitFor();
    expect(await oli.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await page.close();
  });

  it('renders the themed page through the eager entry, with the Arabic element right to left', async () => {
    const page = await open('/demo/themes');
    const log = page.getByRole('log', { name: 'الرسائل' });
    await log.waitFor();
    const direction = await log.evaluate((el) => getComputedStyle(el).direction);
    expect(direction).toBe('rtl');
    // The page loads the eager entry: the chat came in that one file, not as the loader's chunk after it.
    const scripts = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname),
    );
    expect(scripts).toContain('/embedded-chat.eager.js');
    expect(scripts.filter((path) => /^\/embedded-chat\.js$|\/embedded-chat-view-/.test(path))).toEqual([]);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });
});

/** A pane's conversation (its new messages are also told to screen readers, in a status line beside it). */
function messages(pane: Locator): Locator {
  return pane.getByRole('log', { name: 'Messages' });
}
