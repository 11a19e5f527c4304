import { expect } from 'chai';
import { describe, it } from '../support/browser/mocha-globals.js';

describe('the package entries', () => {
  it('registers nothing on import of the main entry and registers the tag on import of define', async () => {
    const entry = await import('../../widget/index.js');
    expect(entry.EmbeddedChat).to.be.a('function');
    expect(entry.EmbeddedChatUnreadEvent).to.be.a('function');
    expect(customElements.get('embedded-chat'), 'defined by the main entry').to.equal(undefined);
    await import('../../widget/define.js');
    expect(customElements.get('embedded-chat')).to.equal(entry.EmbeddedChat);
    // A second copy of define leaves the first definition in place.
    const again = await import('../../widget/chat/define-embedded-chat.js');
    again.defineEmbeddedChat();
    expect(customElements.get('embedded-chat')).to.equal(entry.EmbeddedChat);
    expect(document.createElement('embedded-chat')).to.be.instanceOf(entry.EmbeddedChat);
  });

  it('fires typed events that bubble out of the shadow root', async () => {
    const { EmbeddedChatUnreadEvent } = await import('../../widget/index.js');
    // Dispatched inside a shadow root, as the element's view does, and heard by the page's document.
    const host = document.createElement('div');
    const inside = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inside);
    document.body.append(host);
    const heard: Event[] = [];
    const listener = (e: Event) => heard.push(e);
    document.addEventListener('embedded-chat-unread', listener);
    try {
      inside.dispatchEvent(new EmbeddedChatUnreadEvent({ count: 3 }));
    } finally {
      document.removeEventListener('embedded-chat-unread', listener);
      host.remove();
    }
    expect(heard).to.have.length(1);
    const [event] = heard as InstanceType<typeof EmbeddedChatUnreadEvent>[];
    expect(event).to.be.instanceOf(EmbeddedChatUnreadEvent);
    expect(event!.type).to.equal('embedded-chat-unread');
    expect(event!.detail.count).to.equal(3);
    // Retargeted to the shadow host: the page sees where it came from, not the element's insides.
    expect(event!.target).to.equal(host);
  });
});
