import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { vasePhoto } from '../../server/demo-host/demo-pictures.js';
import { launchChromium } from '../support/chromium.js';
import { ScriptedAgent } from '../support/scripted-agent.js';
import { VisualStack, type Person } from './visual-stack.js';

/**
 * `npm run screenshots [-- out-dir]`: the element at 320 px and 420 px, light / dark / Arabic RTL, a long
 * conversation with grouping, a day separator, reactions, an edited and a deleted message, typing and role
 * badges, a photo and a file; plus the observer and closed-task states, and a help bot's reply mid-stream. Needs `npm run build` first. Writes
 * PNGs to look at.
 */
const out = process.argv[2] ?? 'test-results/screenshots';
mkdirSync(out, { recursive: true });

const ANN: Person = { userId: 'u-ann', name: 'Ann Lee', role: 'buyer' };
const DANA: Person = { userId: 'u-dana', name: 'Dana Ortiz', role: 'seller' };
const SAM: Person = { userId: 'u-sam', name: 'Sam Courier', role: 'courier' };
const OLI: Person = { userId: 'u-oli', name: 'Oli Watcher', role: 'observer' };
const TASK = 'order:8841';

const CLOSED = 'ticket:5520';
const TICKET = 'ticket:7310';
const ANA: Person = { userId: 'u-ana', name: 'Ana Souza', role: 'customer' };
const BOT: Person = { userId: 'u-helpbot', name: 'Help bot', role: 'bot' };
/** The bot's reply so far when the picture is taken. */
const MID_STREAM =
  'Hi Ana! Sign-in trouble right after an update is usually an old session kept by the app. Try this:\n1. Sign out on every device.\n2. Clear the app’s cache in';
const stack = await VisualStack.start();
let browser: Browser | undefined;
let agent: ScriptedAgent | undefined;
try {
  await stack.createTask(TASK, 'Order 8841 · Blue ceramic vase', [ANN, DANA, SAM, OLI]);
  const dana = await stack.join(TASK, DANA);
  const sam = await stack.join(TASK, SAM);
  const ann = await stack.join(TASK, ANN);
  stack.clock.offsetMs = -26 * 3_600_000;
  await ann.messages.send({
    text: 'Hi! I ordered the blue vase yesterday — is it still on track for Friday?',
  });
  await dana.messages.send({ text: 'Hi Ann, yes! It was packed this morning.' });
  const wrapped = await dana.messages.send({ text: 'I double-wrapped it so it travels safely.' });
  stack.clock.offsetMs = -3 * 3_600_000;
  await sam.messages.send({ text: 'Picked up from the shop. I will be in your area around 5 pm.' });
  const thanks = await ann.messages.send({ text: 'Perfect, thank you both 🙏' });
  const typo = await ann.messages.send({ text: 'Can you ring the bell twice? The intercom is brken.' });
  await ann.messages.update(typo.serial, { text: 'Can you ring the bell twice? The intercom is broken.' });
  const oops = await dana.messages.send({ text: 'Sent the wrong tracking link, sorry' });
  await dana.messages.delete(oops.serial);
  stack.clock.offsetMs = -20 * 60_000;
  await sam.messages.send({ text: 'Sure. Tracking: https://example.com/track/8841?ref=courier' });
  stack.clock.offsetMs = -12 * 60_000;
  const photo = await stack.upload(TASK, ANN, {
    name: 'vase-crack.jpg',
    type: 'image/jpeg',
    bytes: await vasePhoto(),
  });
  await ann.messages.send({
    text: 'It arrived, but there is a crack 😞',
    metadata: { attachments: [photo as never] },
  });
  const label = await stack.upload(TASK, DANA, {
    name: 'Return label 8841.pdf',
    type: 'application/pdf',
    bytes: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  });
  await dana.messages.send({
    text: 'So sorry! Here is a return label.',
    metadata: { attachments: [label as never] },
  });
  await stack.react(dana, thanks.serial, '❤️');
  await stack.react(sam, thanks.serial, '❤️');
  await stack.react(ann, wrapped.serial, '👍');
  stack.clock.offsetMs = 0;
  await stack.createTask(CLOSED, 'Ticket 5520 · Refund for a late delivery', [ANN, DANA]);
  const annTicket = await stack.join(CLOSED, ANN);
  await annTicket.messages.send({ text: 'Thanks, the refund arrived.' });
  await (await stack.join(CLOSED, DANA)).messages.send({ text: 'Glad to hear it! Closing this ticket now.' });
  await stack.closeTask(CLOSED);
  await stack.createTask(TICKET, 'Ticket 7310 · Can’t sign in after the update', [ANA, BOT]);
  const question = await (
    await stack.join(TICKET, ANA)
  ).messages.send({ text: 'Hi, since the latest update the app keeps saying my session expired.' });
  agent = new ScriptedAgent({ url: stack.ably.url, key: stack.ably.clientOptions.key }, BOT.userId);
  await sam.presence.enter({ status: '5 min away' });
  await dana.presence.enter({ status: 'available' });

  browser = await launchChromium();
  const cases: {
    name: string;
    width: number;
    theme: string;
    lang?: string;
    who: Person;
    task?: string;
    panel?: boolean;
    /** Open the photo's full view. */
    viewer?: boolean;
    /** The help bot's reply streaming when the picture is taken. */
    streaming?: boolean;
  }[] = [
    { name: 'light-420', width: 420, theme: 'light', who: ANN },
    { name: 'light-320', width: 320, theme: 'light', who: ANN },
    { name: 'dark-420', width: 420, theme: 'dark', who: ANN },
    { name: 'dark-320', width: 320, theme: 'dark', who: DANA },
    { name: 'rtl-420', width: 420, theme: 'light', lang: 'ar', who: ANN },
    { name: 'observer-420', width: 420, theme: 'light', who: OLI },
    { name: 'closed-320', width: 320, theme: 'light', who: ANN, task: CLOSED },
    { name: 'participants-420', width: 420, theme: 'dark', who: ANN, panel: true },
    { name: 'rtl-dark-320', width: 320, theme: 'dark', lang: 'ar', who: DANA },
    { name: 'photo-viewer-420', width: 420, theme: 'light', who: DANA, viewer: true },
    { name: 'agent-light-420', width: 420, theme: 'light', who: ANA, task: TICKET, streaming: true },
    { name: 'agent-dark-320', width: 320, theme: 'dark', who: ANA, task: TICKET, streaming: true },
  ];
  for (const c of cases) {
    const page = await browser.newPage({
      viewport: { width: c.width + 32, height: 720 },
      deviceScaleFactor: 2,
    });
    page.on('console', (m) => m.type() === 'error' && console.error(`[${c.name}] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[${c.name}] ${e.message}`));
    const url = stack.page(
      c.name,
      `<!doctype html><html lang="${c.lang ?? 'en'}"><meta charset="utf-8"><link rel="icon" href="data:,"><body style="margin:16px;background:${c.theme === 'dark' ? '#0d0f12' : '#f4f5f7'}">
      <embedded-chat style="height:680px;width:${c.width}px" theme="${c.theme}" task="${c.task ?? TASK}" token-url="${stack.backendUrl}/api/token"
        participant-token="${stack.participantToken(c.task ?? TASK, c.who)}" ${c.who === SAM ? 'status="5 min away"' : ''}></embedded-chat>
      <script type="module" src="/dist/embedded-chat.js"></script></body></html>`,
    );
    await page.goto(url);
    await page.getByRole('log').waitFor({ timeout: 15_000 });
    if (c.name === 'light-420' || c.name === 'dark-320') await dana.typing.keystroke();
    if (c.panel) await page.getByRole('button', { name: /^Participants/ }).click();
    if (c.streaming) {
      // A run starts (the room's hint attaches the element) and is caught mid-sentence; it is stopped after
      // the picture, so the next page does not show it.
      await page.getByRole('button', { name: /^Participants/ }).waitFor({ timeout: 15_000 });
      const run = await agent.start(TICKET, ANA.userId, { inReplyTo: question.serial });
      await run.append(MID_STREAM);
      await page
        .locator('.run .bubble', { hasText: 'Clear the app’s cache in' })
        .waitFor({ timeout: 15_000 });
      await page.waitForTimeout(600);
      await page.screenshot({ path: `${out}/${c.name}.png` });
      await run.end('cancelled');
      await page.close({ runBeforeUnload: true });
      continue;
    }
    if ((c.task ?? TASK) === TASK) {
      // The photo is drawn (its thumbnail loaded), however far down the list it is.
      const thumbnail = page.locator('button.photo img').first();
      await thumbnail.waitFor({ state: 'attached', timeout: 15_000 });
      for (
        let i = 0;
        i < 100 &&
        !(await thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0));
        i++
      ) {
        await page.waitForTimeout(50);
      }
      if (c.viewer) {
        await page.locator('button.photo').first().click();
        await page.getByRole('dialog').locator('img').waitFor();
      }
    }
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${out}/${c.name}.png` });
    // Unload as a closed tab does, so ably-js closes its connection and occupancy stays true.
    await page.close({ runBeforeUnload: true });
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser?.close();
  agent?.close();
  await stack.close();
}
