import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { VisualStack, type Person } from './visual-stack.js';

/**
 * `npx tsx test/visual/launcher-screenshots.ts [out-dir]`: `<embedded-chat-launcher>` on a product page at 320 px
 * and 1280 px, closed (with its unread badge) and open (the conversation in its panel, or at 320 px the
 * full-screen sheet), light / dark / Arabic RTL, and the inbox in the panel. Needs `npm run build` first. Writes
 * PNGs to look at.
 */
const out = process.argv[2] ?? 'test-results/screenshots';
mkdirSync(out, { recursive: true });

const ANN: Person = { userId: 'u-ann', name: 'Ann Lee', role: 'customer' };
const DANA: Person = { userId: 'u-dana', name: 'Dana Ortiz', role: 'agent' };
const TASK = 'ticket:7310';

const stack = await VisualStack.start();
let browser: Browser | undefined;
try {
  stack.clock.offsetMs = -20 * 60_000;
  await stack.createTask(TASK, 'Help with your order', [ANN, DANA]);
  await stack.createTask('ticket:7288', 'Invoice for March', [ANN, DANA]);
  const ann = await stack.join(TASK, ANN);
  await ann.messages.send({ text: 'Hi, my parcel says delivered but it is not here.' });
  stack.clock.offsetMs = -4 * 60_000;
  const dana = await stack.join(TASK, DANA);
  await dana.messages.send({ text: 'Hi Ann, I am sorry to hear that! Let me check with the courier.' });
  stack.clock.offsetMs = -60_000;
  await dana.messages.send({ text: 'They left it with your neighbour at number 12. Does that help?' });
  await (await stack.join('ticket:7288', DANA)).messages.send({ text: 'Your invoice is attached.' });
  stack.clock.offsetMs = 0;

  browser = await launchChromium();
  const cases: {
    name: string;
    width: number;
    theme: string;
    lang?: string;
    open?: boolean;
    inbox?: boolean;
  }[] = [];
  for (const width of [1280, 320]) {
    for (const [look, theme, lang] of [
      ['light', 'light', 'en'],
      ['dark', 'dark', 'en'],
      ['rtl', 'light', 'ar'],
    ] as const) {
      for (const open of [false, true]) {
        cases.push({
          name: `launcher-${look}-${width}-${open ? 'open' : 'closed'}`,
          width,
          theme,
          lang,
          open,
        });
      }
    }
  }
  cases.push({ name: 'launcher-inbox-1280-open', width: 1280, theme: 'light', open: true, inbox: true });
  // Opening the conversation reads it: every closed look first, with its badge.
  cases.sort((a, b) => Number(a.open ?? false) - Number(b.open ?? false));
  for (const c of cases) {
    const height = c.width < 480 ? 640 : 800;
    const page = await browser.newPage({ viewport: { width: c.width, height }, deviceScaleFactor: 2 });
    page.on('console', (m) => m.type() === 'error' && console.error(`[${c.name}] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[${c.name}] ${e.message}`));
    const dark = c.theme === 'dark';
    const url = stack.page(
      c.name,
      `<!doctype html><html lang="${c.lang ?? 'en'}" dir="${c.lang === 'ar' ? 'rtl' : 'ltr'}"><meta charset="utf-8"><link rel="icon" href="data:,">
      <meta name="viewport" content="width=device-width">
      <body style="margin:0;font:16px/1.5 system-ui,sans-serif;background:${dark ? '#0d0f12' : '#fff'};color:${dark ? '#e7e9ec' : '#1c2024'}">
      <header style="padding:16px 24px;border-bottom:1px solid ${dark ? '#262a31' : '#e2e5e9'};font-weight:700">Northwind Goods</header>
      <main style="padding:24px;max-width:640px">
        <h1 style="margin:0 0 8px;font-size:28px">${c.lang === 'ar' ? 'طلبك في الطريق' : 'Your order is on its way'}</h1>
        <p style="margin:0;opacity:.75">${c.lang === 'ar' ? 'تتبع الشحنة وتحدث معنا في أي وقت.' : 'Track the parcel and talk to us any time.'}</p>
        <div style="margin-top:24px;height:160px;border-radius:12px;background:${dark ? '#1a1d22' : '#f3f4f6'}"></div>
      </main>
      <embedded-chat-launcher theme="${c.theme}" token-url="${stack.backendUrl}/api/token"
        user-token="${stack.userToken(ANN)}" ${c.inbox ? '' : `task="${TASK}"`}></embedded-chat-launcher>
      <script type="module" src="/dist/embedded-chat.js"></script></body></html>`,
    );
    await page.goto(url);
    const button = page.locator('embedded-chat-launcher').locator('button[part="button"]');
    if (!c.open) {
      await page.locator('embedded-chat-launcher [part="badge"]:not([hidden])').waitFor({ timeout: 15_000 });
    } else {
      await button.click();
      if (c.inbox) await page.getByRole('option').first().waitFor({ timeout: 15_000 });
      else await page.getByRole('log').waitFor({ timeout: 15_000 });
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
