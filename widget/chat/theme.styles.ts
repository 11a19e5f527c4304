import { css } from '@lit/reactive-element/css-tag.js';

/**
 * Design tokens: every colour comes from a public `--embedded-chat-*` custom property whose default is a
 * `light-dark()` pair, so `theme` only sets `color-scheme` (auto follows `prefers-color-scheme`). Text on the
 * accent picks black or white from the accent's own lightness (relative colour syntax), so a host can set
 * any accent once and own bubbles stay legible (≥ 4.5:1); links are the accent, darkened or lightened until
 * they read on a neutral bubble.
 */
export const themeStyles = css`
  :host {
    color-scheme: light dark;
    --_accent: var(--embedded-chat-accent, #2f5ad8);
    --_on-accent: var(
      --embedded-chat-on-accent,
      oklch(from var(--_accent) clamp(0, (0.6 - l) * 1000, 1) 0 0)
    );
    --_bg: var(--embedded-chat-background, light-dark(#fff, #16181c));
    --_fg: var(--embedded-chat-foreground, light-dark(#1c2024, #e7e9ec));
    --_muted: var(--embedded-chat-muted, light-dark(#5d6570, #9ba3ad));
    --_surface: var(--embedded-chat-surface, light-dark(#f3f4f6, #20242a));
    --_other: var(--embedded-chat-other-bubble, light-dark(#eef0f3, #262a31));
    --_other-text: var(--embedded-chat-other-bubble-text, var(--_fg));
    --_own: var(--embedded-chat-own-bubble, var(--_accent));
    --_own-text: var(--embedded-chat-own-bubble-text, var(--_on-accent));
    --_border: var(--embedded-chat-border, light-dark(#e2e5e9, #30353d));
    --_danger: var(--embedded-chat-danger, light-dark(#c42b2b, #ff7b72));
    --_link: light-dark(
      oklch(from var(--_accent) min(l, 0.5) c h),
      oklch(from var(--_accent) max(l, 0.78) min(c, 0.14) h)
    );
    --_online: light-dark(#1f9d55, #3fcf7f);
    --_warn-bg: light-dark(#fff4d6, #3a2f10);
    --_warn-fg: light-dark(#6b4a00, #ffd98a);
    --_shadow: 0 1px 2px rgb(16 24 40 / 0.08), 0 4px 14px rgb(16 24 40 / 0.1);
    --_radius: var(--embedded-chat-radius, 16px);
    --_frame-radius: var(--embedded-chat-frame-radius, 12px);
    --_sp: var(--embedded-chat-spacing, 4px);
    --_s1: var(--_sp);
    --_s2: calc(var(--_sp) * 2);
    --_s3: calc(var(--_sp) * 3);
    --_s4: calc(var(--_sp) * 4);
    --_s6: calc(var(--_sp) * 6);
    --_font: var(
      --embedded-chat-font,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Noto Sans',
      'Noto Sans Arabic',
      sans-serif
    );
    --_text: var(--embedded-chat-font-size, 14.5px);
    --_meta: 12px;
    /* Role badges: one tint per family (support, commerce, bots, everyone else). */
    --_badge-support: light-dark(#e3ebff, #1e2b4f);
    --_badge-support-text: light-dark(#1f3f99, #b8cbff);
    --_badge-commerce: light-dark(#daf2ec, #123a33);
    --_badge-commerce-text: light-dark(#0c5a4b, #9de2d2);
    --_badge-bot: light-dark(#efe7ff, #2c2150);
    --_badge-bot-text: light-dark(#5531a6, #d0bcff);
    --_badge-neutral: light-dark(#e9ecef, #2c3138);
    --_badge-neutral-text: light-dark(#3b434c, #c8ced6);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
`;
