import { chatFor, element, loadScenarios, renderTopBar } from './demo.js';

// The order scenario as the buyer, four ways; then behind a host-side button with an unread badge.
renderTopBar('themes');
const { scenarios } = await loadScenarios();
const order = scenarios.find((s) => s.id === 'order');
const buyer = order.people.find((p) => p.role === 'buyer');
const seller = order.people.find((p) => p.role === 'seller');
const grid = document.getElementById('themes');

const variants = [
  { label: 'Light', attributes: { theme: 'light' } },
  { label: 'Dark', attributes: { theme: 'dark' }, wrap: 'dark-page' },
  { label: 'Brand colours', attributes: { theme: 'light', class: 'brand-theme' } },
  { label: 'العربية · right to left', attributes: { theme: 'light', lang: 'ar' } },
];
for (const v of variants) {
  const pane = element('section', 'pane');
  pane.append(element('span', 'theme-label', v.label));
  const chat = chatFor(order.task, buyer, v.attributes);
  if (v.wrap) {
    const wrap = element('div', v.wrap);
    wrap.append(chat);
    pane.append(wrap);
  } else pane.append(chat);
  grid.append(pane);
}

// A closed popover: the element is on the page (loading="eager", so it connects while hidden) and its
// embedded-chat-unread event drives the host's own badge. The seller is the one being messaged here.
const button = document.getElementById('open-chat');
const badge = document.getElementById('unread');
const popover = document.getElementById('popover');
const launcherChat = chatFor(order.task, seller, { loading: 'eager' });
launcherChat.addEventListener('embedded-chat-unread', (event) => {
  badge.textContent = String(event.detail.count);
  badge.hidden = event.detail.count === 0;
});
popover.append(launcherChat);
button.addEventListener('click', () => {
  popover.hidden = !popover.hidden;
  button.setAttribute('aria-expanded', String(!popover.hidden));
});
