import { element, loadScenarios, renderTopBar, userTokenGetter } from './demo.js';

// A product site (/demo/shop): a shop's own page with one script tag and one <embedded-chat-launcher> — the
// customer's ticket behind a floating button whose badge stays live while closed, its count in the tab's title.
renderTopBar('shop');
const { shop } = await loadScenarios();
const main = document.querySelector('main');
main.prepend(element('h1', '', shop.title), element('p', 'lede', shop.blurb));

const launcher = document.createElement('embedded-chat-launcher');
launcher.setAttribute('token-url', '/api/token');
launcher.setAttribute('task', shop.task);
/** The host backend signs a fresh user token whenever the launcher (or the chat it opens) asks. */
launcher.getUserToken = userTokenGetter(shop.userId);
launcher.addEventListener('embedded-chat-launcher-unread', (event) => {
  const { count } = event.detail;
  document.title = `${count > 0 ? `(${count}) ` : ''}Linen reading lamp · embedded-chat demo`;
});
document.body.append(launcher);
