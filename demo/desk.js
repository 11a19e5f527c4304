import { element, loadScenarios, renderTopBar, userTokenGetter } from './demo.js';

// An inbox page (/demo/desk, /demo/seller): one person's every conversation, as a help desk or a seller
// dashboard would show it — the list beside the open conversation, the unread total in the tab's title.
const id = location.pathname.split('/').filter(Boolean).at(-1);
renderTopBar(id);
const { desks } = await loadScenarios();
const desk = desks.find((d) => d.id === id);
const main = document.querySelector('main');
main.append(element('h1', '', desk.title), element('p', 'lede', desk.blurb));

const inbox = document.createElement('embedded-chat-inbox');
inbox.className = `desk ${id}`;
inbox.setAttribute('token-url', '/api/token');
inbox.setAttribute('open', 'inline');
/** The host backend signs a fresh user token whenever the inbox (or a conversation it opened) asks. */
inbox.getUserToken = userTokenGetter(desk.userId);
inbox.addEventListener('embedded-chat-inbox-unread', (event) => {
  const { total } = event.detail;
  document.title = `${total > 0 ? `(${total}) ` : ''}${desk.title} · embedded-chat demo`;
});
main.append(inbox);
