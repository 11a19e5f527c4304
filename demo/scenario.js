import { chatFor, element, loadScenarios, renderTopBar } from './demo.js';

// One scenario (/demo/ticket, /demo/order, /demo/game), every participant side by side, each pane its own
// participant with its own element.
const id = location.pathname.split('/').filter(Boolean).at(-1);
renderTopBar(id);
const { scenarios } = await loadScenarios();
const scenario = scenarios.find((s) => s.id === id);
document.title = `${scenario.title} · embedded-chat demo`;
const main = document.querySelector('main');
main.append(element('h1', '', scenario.title), element('p', 'lede', scenario.blurb));
const panes = element('div', 'panes');
main.append(panes);
for (const person of scenario.people.filter((p) => !p.hidden)) panes.append(pane(scenario.task, person));

/** A participant's pane: who they are, a close/open toggle (closed = away), and their chat. */
function pane(task, person) {
  const section = element('section', 'pane');
  section.dataset.user = person.userId;
  section.setAttribute('aria-label', `${person.name}, ${person.role}`);
  const bar = element('div', 'pane-bar');
  const toggle = element('button', '', 'Close');
  toggle.type = 'button';
  bar.append(
    element('span', 'who', person.name),
    element('span', 'role', person.role),
    element('span', 'spacer'),
    toggle,
  );
  section.append(bar);
  let chat = chatFor(task, person);
  section.append(chat);
  if (person.status !== undefined) section.append(statusControl(() => chat, person.status));
  const away = element('div', 'away');
  away.append(
    element('strong', '', `${person.name} is away`),
    element('span', '', 'Messages sent now wait here, and an alert goes to the push outbox.'),
  );
  toggle.addEventListener('click', () => {
    if (chat.isConnected) {
      chat.replaceWith(away);
      toggle.textContent = 'Open';
    } else {
      chat = chatFor(task, person, chat.status ? { status: chat.status } : {});
      away.replaceWith(chat);
      toggle.textContent = 'Close';
    }
  });
  return section;
}

/** The courier's status line, set through the element's `status` attribute and shown live to the others. */
function statusControl(currentChat, initial) {
  const form = element('form', 'controls');
  const label = element('label', '', 'Status');
  const input = element('input');
  input.value = initial;
  input.id = `status-${Math.random().toString(36).slice(2)}`;
  label.htmlFor = input.id;
  const update = element('button', '', 'Update');
  update.type = 'submit';
  form.append(label, input, update);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    currentChat().status = input.value;
  });
  return form;
}
