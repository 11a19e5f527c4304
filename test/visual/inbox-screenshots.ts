import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { VisualStack, type Person } from './visual-stack.js';

/**
 * `npx tsx test/visual/inbox-screenshots.ts [out-dir]`: `<embedded-chat-inbox>` at 320 px and 420 px, light /
 * dark / Arabic RTL, for a seller with orders that have unread messages, a closed one and one without
 * messages; and `open="inline"` wide (list and conversation side by side) and at 320 px (the conversation
 * with its back button). Needs `npm run build` first. Writes PNGs to look at.
 */
const out = process.argv[2] ?? 'test-results/screenshots';
mkdirSync(out, { recursive: true });

const SAM: Person = { userId: 'u-sam', name: 'Sam Park', role: 'seller' };
const ANN: Person = { userId: 'u-ann', name: 'Ann Lee', role: 'buyer' };
const BEN: Person = { userId: 'u-ben', name: 'Ben Ortiz', role: 'buyer' };
const DANA: Person = { userId: 'u-dana', name: 'Dana Ortiz', role: 'agent' };

const stack = await VisualStack.start();
let browser: Browser | undefined;
try {
  const hour = 3_600_000;
  stack.clock.offsetMs = -50 * hour;
  // Rows nobody else has written in show their task's kind: a deal, a game, a type the inbox has no icon for.
  await stack.createTask('deal:3107', 'Offer on the vintage camera', [BEN, SAM]);
  await stack.createTask('game:77', 'Friday night match', [BEN, SAM]);
  await stack.createTask('rental:12', 'Cargo bike for the weekend', [BEN, SAM]);
  stack.clock.offsetMs = -30 * hour;
  await stack.createTask('order:8790', 'Order 8790 · Oak side table', [BEN, SAM]);
  await stack.createTask('ticket:5520', 'Refund for a late delivery', [SAM, DANA]);
  const ticket = await stack.join('ticket:5520', DANA);
  await ticket.messages.send({ text: 'The refund went out this morning. Closing this ticket.' });
  await stack.closeTask('ticket:5520');
  stack.clock.offsetMs = -5 * hour;
  await stack.createTask('order:8812', 'Order 8812 · Linen cushions (set of 4)', [BEN, SAM]);
  const ben = await stack.join('order:8812', BEN);
  await ben.messages.send({ text: 'Could you ship them together with my other order?' });
  (await stack.join('order:8812', SAM)).messages.send({ text: 'Sure, both leave on Monday.' });
  stack.clock.offsetMs = -40 * 60_000;
  await stack.createTask('order:8841', 'Order 8841 · Blue ceramic vase', [ANN, SAM]);
  const ann = await stack.join('order:8841', ANN);
  await ann.messages.send({ text: 'Hi! Is the blue vase still on track for Friday?' });
  stack.clock.offsetMs = -3 * 60_000;
  await ann.messages.send({
    text: 'It arrived, but there is a small crack near the rim 😞 Can I send it back?',
  });
  await stack.createTask('order:8850', 'Order 8850 · Wool throw', [BEN, SAM]);
  stack.clock.offsetMs = 0;

  browser = await launchChromium();
  const cases: {
    name: string;
    width: number;
    height?: number;
    theme: string;
    lang?: string;
    inline?: boolean;
  }[] = [
    { name: 'inbox-light-420', width: 420, theme: 'light' },
    { name: 'inbox-light-320', width: 320, theme: 'light' },
    { name: 'inbox-dark-420', width: 420, theme: 'dark' },
    { name: 'inbox-rtl-320', width: 320, theme: 'light', lang: 'ar' },
    { name: 'inbox-rtl-dark-420', width: 420, theme: 'dark', lang: 'ar' },
    { name: 'inbox-inline-1000', width: 1000, theme: 'light', inline: true },
    { name: 'inbox-inline-320', width: 320, theme: 'dark', inline: true },
  ];
  for (const c of cases) {
    const page = await browser.newPage({
      viewport: { width: c.width + 32, height: 640 },
      deviceScaleFactor: 2,
    });
    page.on('console', (m) => m.type() === 'error' && console.error(`[${c.name}] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[${c.name}] ${e.message}`));
    const url = stack.page(
      c.name,
      `<!doctype html><html lang="${c.lang ?? 'en'}"><meta charset="utf-8"><link rel="icon" href="data:,"><body style="margin:16px;background:${c.theme === 'dark' ? '#0d0f12' : '#f4f5f7'}">
      <embedded-chat-inbox style="height:600px;width:${c.width}px" theme="${c.theme}" token-url="${stack.backendUrl}/api/token"
        user-token="${stack.userToken(SAM)}" ${c.inline ? 'open="inline"' : ''}></embedded-chat-inbox>
      <script type="module" src="/dist/embedded-chat.js"></script></body></html>`,
    );
    await page.goto(url);
    await page.getByRole('option').first().waitFor({ timeout: 15_000 });
    if (c.inline) {
      await page.getByRole('option').first().click();
      await page.getByRole('log').waitFor({ timeout: 15_000 });
    }
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${out}/${c.name}.png` });
    await page.close({ runBeforeUnload: true });
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser?.close();
  await stack.close();
}
