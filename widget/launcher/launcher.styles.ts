/**
 * The launcher's styles, a string for a constructable stylesheet (allowed by a strict CSP, and no Lit in the
 * closed launcher). Logical insets, so `dir="rtl"` mirrors the corner; colours are `light-dark()` pairs on the
 * element's public custom properties, so `theme` only sets `color-scheme`. At phone widths (≤ 480 px) the panel is
 * a full-screen sheet with its own close button.
 */
export const LAUNCHER_CSS = `
:host { display: contents; color-scheme: light dark;
  --_accent: var(--embedded-chat-accent, #2f5ad8);
  --_on-accent: var(--embedded-chat-on-accent, oklch(from var(--_accent) clamp(0, (0.6 - l) * 1000, 1) 0 0));
  --_button: var(--embedded-chat-launcher-background, var(--_accent));
  --_on-button: var(--embedded-chat-launcher-foreground, var(--_on-accent));
  --_size: var(--embedded-chat-launcher-size, 56px);
  --_inline: var(--embedded-chat-launcher-offset-inline, 20px);
  --_block: var(--embedded-chat-launcher-offset-block, 20px);
  --_badge: var(--embedded-chat-launcher-badge, #e5484d);
  --_bg: var(--embedded-chat-background, light-dark(#fff, #16181c));
  --_fg: var(--embedded-chat-foreground, light-dark(#1c2024, #e7e9ec));
  --_border: var(--embedded-chat-border, light-dark(#e2e5e9, #30353d));
  --_z: var(--embedded-chat-launcher-z-index, 2147483000);
  --_font: var(--embedded-chat-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', sans-serif);
}
:host([theme='light']) { color-scheme: light; }
:host([theme='dark']) { color-scheme: dark; }
.launcher { position: fixed; z-index: var(--_z); inset-block-end: var(--_block); inset-inline-end: var(--_inline);
  box-sizing: border-box; min-inline-size: var(--_size); block-size: var(--_size); padding: 0;
  display: inline-flex; align-items: center; justify-content: center; gap: 8px;
  border: 0; border-radius: calc(var(--_size) / 2); background: var(--_button); color: var(--_on-button);
  font: 600 15px/1 var(--_font); cursor: pointer;
  box-shadow: 0 1px 6px rgb(0 0 0 / 0.06), 0 2px 32px rgb(0 0 0 / 0.16);
  transition: transform 160ms ease, box-shadow 160ms ease; }
.launcher:hover { transform: scale(1.06); box-shadow: 0 2px 8px rgb(0 0 0 / 0.1), 0 4px 36px rgb(0 0 0 / 0.2); }
.launcher:active { transform: scale(0.96); }
.launcher:focus-visible { outline: 2px solid var(--_accent); outline-offset: 3px; }
.start .launcher { inset-inline-end: auto; inset-inline-start: var(--_inline); }
.labelled .launcher { padding-inline: 18px 22px; }
.icon { inline-size: 28px; block-size: 28px; flex: none; transition: transform 200ms ease, opacity 200ms ease; }
.chevron, .close { inline-size: 24px; block-size: 24px; }
.launcher .chevron { display: none; }
.open .launcher .chat, .open .launcher .label { display: none; }
.open .launcher .chevron { display: block; }
.open.labelled .launcher { padding: 0; }
.label:empty { display: none; }
.badge { position: absolute; inset-block-start: -4px; inset-inline-end: -4px; box-sizing: border-box;
  min-inline-size: 22px; block-size: 22px; padding-inline: 6px; border-radius: 11px;
  display: flex; align-items: center; justify-content: center;
  background: var(--_badge); color: #fff; font: 700 12px/1 var(--_font);
  box-shadow: 0 0 0 2px var(--embedded-chat-launcher-badge-ring, light-dark(#fff, #16181c)); font-variant-numeric: tabular-nums; }
.badge[hidden], .open .badge { display: none; }
.panel { position: fixed; z-index: var(--_z); margin: 0; padding: 0; border: 0; overflow: hidden;
  inset: auto; inset-block-end: calc(var(--_block) + var(--_size) + 16px); inset-inline-end: var(--_inline);
  inline-size: min(var(--embedded-chat-launcher-panel-width, 400px), calc(100vw - 2 * var(--_inline)));
  block-size: min(var(--embedded-chat-launcher-panel-height, 680px), calc(100dvh - var(--_block) - var(--_size) - 40px));
  max-inline-size: none; max-block-size: none; box-sizing: border-box;
  display: none; flex-direction: column; background: var(--_bg); color: var(--_fg);
  border-radius: 16px; box-shadow: 0 5px 40px rgb(0 0 0 / 0.16), 0 0 0 1px var(--_border);
  transform-origin: bottom right; }
.start .panel { inset-inline-end: auto; inset-inline-start: var(--_inline); transform-origin: bottom left; }
.panel[open] { display: flex; animation: appear 180ms ease-out; }
.panel:focus { outline: none; }
.panel::backdrop { background: transparent; }
.content { flex: 1; min-block-size: 0; display: flex; flex-direction: column; overflow: hidden; }
/* The chat's or the inbox's own height gives way to the panel's, and its frame's border to the panel's edge. */
.content > * { flex: 1 1 0; min-block-size: 0; margin: -1px; --embedded-chat-frame-radius: 0; }
.bar { display: none; }
@keyframes appear { from { opacity: 0; transform: translateY(12px) scale(0.98); } }
@media (max-width: 480px) {
  .panel { inset: 0; inline-size: 100%; block-size: 100dvh; border-radius: 0; box-shadow: none; }
  .bar { display: flex; justify-content: flex-end; align-items: center; flex: none; block-size: 48px;
    padding-inline: 4px; border-block-end: 1px solid var(--_border); background: var(--_bg); }
  .close-button { inline-size: 44px; block-size: 44px; display: inline-flex; align-items: center;
    justify-content: center; border: 0; border-radius: 22px; background: transparent; color: var(--_fg);
    cursor: pointer; }
  .close-button:hover { background: color-mix(in srgb, var(--_fg) 8%, transparent); }
  .close-button:focus-visible { outline: 2px solid var(--_accent); outline-offset: -2px; }
  .open .launcher { display: none; }
}
@media (prefers-reduced-motion: reduce) {
  .launcher, .icon { transition: none; }
  .panel[open] { animation: none; }
}
`;
