/** What the agent reply tests share: a support ticket's people and the agent's bubble as a reader finds it. */
import { allByRole, plain, viewRoot, type Person } from './element-harness.js';

export const ANN: Person = { userId: 'ann', role: 'customer', name: 'Ann Lee' };
export const DANA: Person = { userId: 'dana', role: 'agent', name: 'Dana Ortiz' };
export const BOT: Person = { userId: 'helpbot', role: 'bot', name: 'Help bot' };

/** The agent's reply being written: its article (busy while it streams). */
export function runArticle(el: HTMLElement): HTMLElement | undefined {
  return allByRole(viewRoot(el), 'article').find((a) => a.classList.contains('run'));
}

/** A message's or a run's bubble text, without the whitespace around it. */
export function bubbleText(article: HTMLElement | undefined): string {
  return plain(article?.querySelector('[part="bubble"]')?.textContent).trim();
}
