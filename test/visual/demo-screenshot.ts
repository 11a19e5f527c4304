import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { launchChromium } from '../support/chromium.js';
import { startNpmStart } from '../support/npm-start.js';

/**
 * `npm run screenshot:demo [-- file.png]`: the README's picture, taken from the running demo (`npm start` as a
 * process): the marketplace order with buyer, seller and courier side by side, one message typed live. CI runs
 * it too (into test-results/) so it cannot rot; `npm run build` first.
 */
const out = process.argv[2] ?? 'docs/demo-order.png';
mkdirSync(dirname(out), { recursive: true });
const app = await startNpmStart();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1320, height: 820 }, deviceScaleFactor: 1 });
  await page.goto(new URL('/demo/order', app.demo).href);
  const ann = page.getByRole('region', { name: 'Ann Lee, buyer' });
  await ann.getByText('Kofi Mensah: 5 min away').waitFor();
  const box = ann.getByRole('textbox', { name: 'Message' });
  await box.fill('Great, thank you! I’ll be home all afternoon.');
  await box.press('Enter');
  const kofi = page.getByRole('region', { name: 'Kofi Mensah, courier' });
  // In its message (the same words are also told to screen readers beside the list).
  await kofi.getByRole('article').getByText('I’ll be home all afternoon').waitFor();
  await kofi.getByRole('textbox', { name: 'Message' }).fill('On my way');
  await page.getByRole('region', { name: 'Sam Potter, seller' }).getByText('typing').waitFor();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: out });
  console.log(`demo screenshot: ${out}`);
} finally {
  await browser.close();
  await app.stop();
}
