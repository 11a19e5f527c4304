/**
 * The loader's placeholder: the header, a few bubbles and the composer at their real sizes, so nothing
 * moves when the chat arrives. Built with DOM calls (no innerHTML: pages with Trusted Types stay happy) and
 * styled by a constructable stylesheet (allowed by a strict CSP without 'unsafe-inline').
 */
export function buildSkeleton(label: string): HTMLElement {
  const root = el('div', 'skeleton', [
    el('div', 'sk-header', [el('span', 'bar w40'), el('span', 'bar w25 thin')]),
    el('div', 'sk-list', [
      el('span', 'bubble start w60'),
      el('span', 'bubble end w45'),
      el('span', 'bubble start w70'),
      el('span', 'bubble end w35'),
    ]),
    el('div', 'sk-composer', [el('span', 'field')]),
  ]);
  root.setAttribute('role', 'status');
  root.setAttribute('aria-label', label);
  return root;
}

function el(tag: string, className: string, children: Element[] = []): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  node.append(...children);
  return node;
}

const LIGHT = `--sk-bg: var(--embedded-chat-background, #fff); --sk-line: var(--embedded-chat-border, #e2e5e9);
  --sk-fill: var(--embedded-chat-surface, #f0f2f5);`;
const DARK = `--sk-bg: var(--embedded-chat-background, #16181c); --sk-line: var(--embedded-chat-border, #30353c);
  --sk-fill: var(--embedded-chat-surface, #24282e);`;

export const SKELETON_CSS = `
:host { display: block; position: relative; block-size: 36rem; min-block-size: 16rem; min-inline-size: 16rem;
  box-sizing: border-box; ${LIGHT} }
:host([hidden]) { display: none; }
:host([theme='dark']) { ${DARK} }
@media (prefers-color-scheme: dark) { :host(:not([theme='light'])) { ${DARK} } }
embedded-chat-view { position: absolute; inset: 0; }
.skeleton { position: absolute; inset: 0; display: flex; flex-direction: column; background: var(--sk-bg);
  border: 1px solid var(--sk-line); border-radius: var(--embedded-chat-frame-radius, 12px); overflow: hidden; }
.skeleton[hidden] { display: none; }
.sk-header { block-size: 56px; box-sizing: border-box; padding: 12px 16px; display: flex; flex-direction: column;
  justify-content: center; gap: 6px; border-block-end: 1px solid var(--sk-line); }
.sk-list { flex: 1; display: flex; flex-direction: column; justify-content: flex-end; gap: 10px; padding: 16px; }
.sk-composer { block-size: 64px; box-sizing: border-box; padding: 12px; border-block-start: 1px solid var(--sk-line); }
.bar, .bubble, .field { display: block; background: var(--sk-fill); border-radius: 6px; }
.bar { block-size: 12px; } .bar.thin { block-size: 9px; }
.bubble { block-size: 34px; border-radius: 16px; } .bubble.end { align-self: flex-end; }
.field { block-size: 40px; border-radius: 20px; }
.w25 { inline-size: 25%; } .w35 { inline-size: 35%; } .w40 { inline-size: 40%; } .w45 { inline-size: 45%; }
.w60 { inline-size: 60%; } .w70 { inline-size: 70%; }
@media (prefers-reduced-motion: no-preference) {
  .bar, .bubble, .field { animation: sk-pulse 1.4s ease-in-out infinite; }
}
@keyframes sk-pulse { 50% { opacity: 0.55; } }
.skeleton[data-failed] .sk-list { opacity: 0.4; }
`;
