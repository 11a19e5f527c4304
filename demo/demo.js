// The demo host's page code: what a host app writes around <embedded-chat>. It uses only the element's public
// attributes, properties and events, and its own backend's /demo-api (which signs participant tokens).

/** @returns {Promise<{ scenarios: Array<{ id: string, task: string, title: string, blurb: string, people: Array<{ userId: string, name: string, role: string, status?: string, hidden?: boolean }> }>, desks: Array<{ id: string, title: string, blurb: string, userId: string }>, shop: { id: string, title: string, blurb: string, userId: string, task: string } }>} */
export async function loadScenarios() {
  const response = await fetch('/demo-api/scenarios');
  return response.json();
}

/** A `getParticipantToken` for the element: the host backend signs a fresh one whenever the element asks. */
export function participantTokenGetter(task, userId) {
  return async () => {
    const response = await fetch('/demo-api/participant-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task, userId }),
    });
    if (!response.ok) throw new Error(`the demo host refused a participant token (${response.status})`);
    return (await response.json()).participantToken;
  };
}

/** A `getUserToken` for the inbox or the launcher: the host backend signs a fresh user token whenever asked. */
export function userTokenGetter(userId) {
  return async () => {
    const response = await fetch('/demo-api/user-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    if (!response.ok) throw new Error(`the demo host refused a user token (${response.status})`);
    return (await response.json()).userToken;
  };
}

/** `<embedded-chat>` for one person of a task, as a host page creates it. */
export function chatFor(task, person, attributes = {}) {
  const chat = document.createElement('embedded-chat');
  chat.setAttribute('task', task);
  chat.setAttribute('token-url', '/api/token');
  for (const [name, value] of Object.entries(attributes)) chat.setAttribute(name, value);
  if (person.status) chat.setAttribute('status', person.status);
  chat.getParticipantToken = participantTokenGetter(task, person.userId);
  return chat;
}

const PAGES = [
  ['ticket', 'Support ticket'],
  ['order', 'Marketplace order'],
  ['game', 'Game session'],
  ['desk', 'Agent desk'],
  ['seller', 'Seller'],
  ['shop', 'Product site'],
  ['themes', 'Themes & RTL'],
  ['outbox', 'Push outbox'],
];

/** The demo's top bar, with the current page marked. */
export function renderTopBar(current) {
  const bar = document.createElement('header');
  bar.className = 'top';
  const brand = document.createElement('a');
  brand.className = 'brand';
  brand.href = '/demo/';
  brand.textContent = 'embedded-chat demo';
  const nav = document.createElement('nav');
  nav.setAttribute('aria-label', 'Demo pages');
  for (const [id, label] of PAGES) {
    const link = document.createElement('a');
    link.href = `/demo/${id}`;
    link.textContent = label;
    if (id === current) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
  bar.append(brand, nav);
  document.body.prepend(bar);
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
