import { expect } from 'chai';
import { sendKeys } from '@web/test-runner-commands';
import { afterEach, before, describe, it } from '../support/browser/mocha-globals.js';
import {
  allByRole,
  byRole,
  chatStack,
  cleanUp,
  findByRole,
  mountChat,
  newTask,
  typeAndSend,
  viewRoot,
  waitFor,
  type Person,
} from './element-harness.js';
import { axeViolations, loadAxe } from './axe.js';
import { photo, upload } from './attachment-files.js';

const ANN: Person = { userId: 'ann', role: 'buyer', name: 'Ann Lee' };
const SAM: Person = { userId: 'sam', role: 'seller', name: 'Sam Potter' };
const OLI: Person = { userId: 'oli', role: 'observer', name: 'Oli Watcher' };

const textFile = (name: string, text: string) => new File([text], name, { type: 'text/plain' });

/** Files as a drop or a paste carries them. */
function transfer(files: File[]): DataTransfer {
  const data = new DataTransfer();
  for (const file of files) data.items.add(file);
  return data;
}

/** Picks files as the file picker would: the element's file input gets them and says it changed. */
function pick(el: HTMLElement, files: File[]): void {
  const input = viewRoot(el).querySelector<HTMLInputElement>('input[type="file"]')!;
  input.files = transfer(files).files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function article(el: HTMLElement, text: string): HTMLElement | undefined {
  return allByRole(viewRoot(el), 'article').find((a) => a.textContent?.includes(text));
}

async function loaded(img: HTMLImageElement): Promise<void> {
  await waitFor(() => (img.complete && img.naturalWidth > 0) || undefined, {
    what: `image ${img.src} loaded`,
  });
}

describe('photos and files', function () {
  this.timeout(40_000);
  afterEach(cleanUp);

  it('attaches a photo with the picker; the other participant sees its thumbnail without a jump and opens the full view', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, SAM]);
    const ann = await mountChat(stack, task, ANN);
    const sam = await mountChat(stack, task, SAM);
    const attach = byRole(viewRoot(ann), 'button', 'Attach file');
    let opened = false;
    viewRoot(ann)
      .querySelector('input[type="file"]')!
      .addEventListener('click', (e) => {
        opened = true;
        e.preventDefault(); // no native dialog in a test
      });
    attach.click();
    expect(opened, 'the button opens the file picker').to.equal(true);
    pick(ann, [await photo()]);
    await findByRole(viewRoot(ann), 'button', 'Remove vase.png', 10_000);
    typeAndSend(ann, 'The vase arrived broken');

    const row = await waitFor(() => article(sam, 'The vase arrived broken'), { what: 'the message at Sam' });
    const thumbnail = await findByRole(row, 'button', 'View vase.png');
    // Its box has the photo's shape (4:3, at most 240 px wide) before anything loads.
    const before = thumbnail.getBoundingClientRect();
    expect(before.width).to.be.within(200, 242);
    expect(before.width / before.height).to.be.closeTo(4 / 3, 0.02);
    const img = await waitFor(() => thumbnail.querySelector('img') ?? undefined, { what: 'the thumbnail' });
    await loaded(img);
    const after = thumbnail.getBoundingClientRect();
    expect([after.width, after.height]).to.deep.equal([before.width, before.height]);

    thumbnail.focus();
    thumbnail.click();
    const dialog = (await findByRole(viewRoot(sam), 'dialog', 'vase.png')) as HTMLDialogElement;
    await waitFor(() => dialog.open || undefined, { what: 'the full view open' });
    const full = dialog.querySelector<HTMLImageElement>('img')!;
    await loaded(full);
    expect([full.naturalWidth, full.naturalHeight]).to.deep.equal([400, 300]);
    byRole(dialog, 'link', 'Download vase.png');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !viewRoot(sam).querySelector('dialog') || undefined, {
      what: 'the full view closed',
    });
    expect(viewRoot(sam).activeElement).to.equal(thumbnail);
  });

  it('attaches files dropped on the conversation and pasted into the textbox, and sends them without words', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, SAM]);
    const ann = await mountChat(stack, task, ANN);
    const sam = await mountChat(stack, task, SAM);
    const log = byRole(viewRoot(ann), 'log', 'Messages');
    const dropped = transfer([textFile('tracking.txt', 'Tracking: 8841-XY')]);
    log.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, composed: true, cancelable: true }),
    );
    await waitFor(() => viewRoot(ann).querySelector('.drop-zone') ?? undefined, { what: 'the drop zone' });
    log.dispatchEvent(
      new DragEvent('drop', { dataTransfer: dropped, bubbles: true, composed: true, cancelable: true }),
    );
    await findByRole(viewRoot(ann), 'button', 'Remove tracking.txt', 10_000);
    expect(viewRoot(ann).querySelector('.drop-zone')).to.equal(null);
    const box = byRole(viewRoot(ann), 'textbox', 'Message');
    box.dispatchEvent(
      new ClipboardEvent('paste', {
        clipboardData: transfer([await photo('screenshot.png', 320, 200)]),
        bubbles: true,
        composed: true,
        cancelable: true,
      }),
    );
    await findByRole(viewRoot(ann), 'button', 'Remove screenshot.png', 10_000);
    expect((box as HTMLTextAreaElement).value).to.equal('');
    box.focus();
    await sendKeys({ press: 'Enter' });

    const link = await findByRole(viewRoot(sam), 'link', 'Download tracking.txt', 10_000);
    await findByRole(viewRoot(sam), 'button', 'View screenshot.png');
    // A short-lived URL of the backend's (the bytes and headers are proved over HTTP in the backend's tests).
    const href = new URL((link as HTMLAnchorElement).href);
    expect(href.origin).to.equal(stack.backendUrl);
    expect(href.searchParams.get('token')).to.match(/^ey/);
    expect(link.getAttribute('download')).to.equal('tracking.txt');
    // Sent: the composer is empty again.
    expect(allByRole(viewRoot(ann), 'button', /^Remove /)).to.have.length(0);
  });

  it('shows each upload’s progress named by its file, and cancels it', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN]);
    const ann = await mountChat(stack, task, ANN);
    await stack.holdUploads(true);
    pick(ann, [new File([new Uint8Array(24 * 1024 * 1024)], 'manual.pdf', { type: 'application/pdf' })]);
    const progress = (await findByRole(
      viewRoot(ann),
      'progressbar',
      'manual.pdf',
      10_000,
    )) as HTMLProgressElement;
    expect(progress.max).to.equal(1);
    byRole(viewRoot(ann), 'button', 'Cancel upload of manual.pdf').click();
    await waitFor(() => allByRole(viewRoot(ann), 'progressbar').length === 0 || undefined, {
      what: 'the upload gone',
    });
    expect(allByRole(viewRoot(ann), 'button', /manual\.pdf/)).to.have.length(0);
    await stack.holdUploads(false);
  });

  it('keeps the draft and the files, with the reason, when an upload fails; Retry sends it', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, SAM]);
    const ann = await mountChat(stack, task, ANN);
    const root = viewRoot(ann);
    // Refused: HTML that calls itself a PNG.
    pick(ann, [new File(['<html><script>alert(1)</script></html>'], 'photo.png', { type: 'image/png' })]);
    await findByRole(root, 'alert', /^photo\.png: this kind of file can't be sent here\.$/, 10_000);
    expect(allByRole(root, 'button', 'Retry photo.png')).to.have.length(0);
    typeAndSend(ann, 'See the photo');
    await findByRole(root, 'alert', /Not sent yet: a file did not upload/);
    expect((byRole(root, 'textbox', 'Message') as HTMLTextAreaElement).value).to.equal('See the photo');
    byRole(root, 'button', 'Remove photo.png').click();

    // The backend is down while a file uploads: the reason, Retry once it is back.
    await stack.stopBackend();
    pick(ann, [textFile('notes.txt', 'the box was crushed')]);
    await findByRole(root, 'alert', 'notes.txt could not be uploaded.', 10_000);
    await stack.startBackend();
    byRole(root, 'button', 'Retry notes.txt').click();
    await findByRole(root, 'button', 'Remove notes.txt', 10_000);
    typeAndSend(ann, 'See the notes');
    const sam = await mountChat(stack, task, SAM);
    await findByRole(viewRoot(sam), 'link', 'Download notes.txt', 10_000);
  });

  it('shows observers the files but offers them nothing to attach', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, OLI]);
    const ref = await upload(stack, task, ANN, await photo());
    await stack.sendAs({ task, userId: 'ann', text: 'The vase', metadata: { attachments: [ref] } });
    const oli = await mountChat(stack, task, OLI);
    await findByRole(viewRoot(oli), 'button', 'View vase.png', 10_000);
    expect(allByRole(viewRoot(oli), 'button', 'Attach file')).to.have.length(0);
  });

  it('shows a file the backend does not serve as unavailable, whatever the metadata says', async () => {
    const stack = await chatStack();
    const task = await newTask(stack, [ANN, SAM]);
    const forged = { id: 'f'.repeat(32), name: 'steal.pdf', size: 10, type: 'application/pdf' };
    await stack.sendAs({
      task,
      userId: 'ann',
      text: 'forged',
      metadata: { attachments: [forged, { id: '../x', name: 1 }] },
    });
    const sam = await mountChat(stack, task, SAM);
    const row = await waitFor(() => article(sam, 'forged'), { what: 'the forged message' });
    await waitFor(() => row.textContent?.includes('File unavailable') || undefined, { what: 'unavailable' });
    expect(allByRole(row, 'link')).to.have.length(0);
  });
});

describe('photos and files, accessibility', function () {
  this.timeout(40_000);
  before(loadAxe);
  afterEach(cleanUp);

  for (const [label, attributes] of [
    ['light', { theme: 'light' }],
    ['dark', { theme: 'dark' }],
    ['RTL Arabic', { theme: 'light', lang: 'ar' }],
  ] as const) {
    it(`has no axe-core violations with photos, files and a file being attached in ${label}`, async () => {
      const stack = await chatStack();
      const task = await newTask(stack, [ANN, SAM]);
      const vase = await upload(stack, task, SAM, await photo());
      const notes = await upload(stack, task, SAM, textFile('receipt.txt', 'Order 8841'));
      await stack.sendAs({
        task,
        userId: 'sam',
        text: 'Photo and receipt',
        metadata: { attachments: [vase, notes] },
      });
      const ann = await mountChat(stack, task, ANN, { attributes });
      const root = viewRoot(ann);
      const row = await waitFor(() => article(ann, 'Photo and receipt'), { what: 'the message' });
      await waitFor(() => row.querySelector('img') ?? undefined, { what: 'the thumbnail' });
      await waitFor(() => row.querySelector('a.file-name') ?? undefined, { what: 'the download link' });
      pick(ann, [textFile('draft.txt', 'draft')]);
      await waitFor(() => root.querySelector('.draft-file.stored') ?? undefined, {
        what: 'the draft file stored',
      });
      if (attributes.theme === 'dark') document.body.style.background = '#000';
      const conversation = await axeViolations(ann);
      // The full view too.
      (row.querySelector('button.photo') as HTMLElement).click();
      await waitFor(() => root.querySelector<HTMLDialogElement>('dialog.viewer')?.open || undefined, {
        what: 'the full view',
      });
      const viewer = await axeViolations(ann);
      document.body.style.background = '';
      expect([...conversation, ...viewer]).to.deep.equal([]);
    });
  }
});
