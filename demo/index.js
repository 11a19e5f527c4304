import { element, loadScenarios, renderTopBar } from './demo.js';

renderTopBar('');
const { scenarios, desks, shop } = await loadScenarios();
const cards = document.getElementById('scenarios');
const extra = [
  {
    id: 'themes',
    title: 'Themes, RTL and host events',
    blurb: 'Light, dark, brand colours, Arabic right to left, and an unread badge on a closed popover.',
  },
];
for (const s of [...scenarios, ...desks, shop, ...extra]) {
  const card = element('a', 'card');
  card.href = `/demo/${s.id}`;
  card.append(element('h2', '', s.title), element('p', '', s.blurb));
  cards.append(card);
}
