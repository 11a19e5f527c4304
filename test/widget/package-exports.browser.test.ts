import { expect } from 'chai';
import type * as Entry from '../../widget/index.js';
import { describe, it } from '../support/browser/mocha-globals.js';

// The published entries (`npm run build` → dist/npm), as a bundler resolves `embedded-chat` and
// `embedded-chat/define` through the package's exports map. The runner resolves their bare imports (lit,
// ably/modular, @ably/chat) as a bundler would.
const ENTRY = '/dist/npm/widget/index.js';
const DEFINE = '/dist/npm/widget/define.js';

describe('the built package entries', () => {
  it('exports the element without registering it, and registers it from define', async () => {
    const entry = (await import(/* @vite-ignore */ ENTRY)) as typeof Entry;
    expect(entry.EmbeddedChat).to.be.a('function');
    expect(customElements.get('embedded-chat')).to.equal(undefined);
    await import(/* @vite-ignore */ DEFINE);
    expect(customElements.get('embedded-chat')).to.equal(entry.EmbeddedChat);
  });
});
