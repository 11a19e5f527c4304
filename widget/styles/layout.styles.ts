import { css } from 'lit';

/** The frame, header, banner, list area, typing row, composer and participants panel. */
export const layoutStyles = css`
  :host {
    display: block;
    block-size: 100%;
    font-family: var(--_font);
    font-size: var(--_text);
    line-height: 1.42;
    color: var(--_fg);
    -webkit-font-smoothing: antialiased;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  [hidden] {
    display: none !important;
  }

  /* Read by assistive technology, not shown. */
  .sr {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .frame {
    position: relative;
    display: flex;
    flex-direction: column;
    block-size: 100%;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_frame-radius);
    overflow: hidden;
    container-type: inline-size;
    container-name: chat;
  }

  button {
    font: inherit;
    color: inherit;
  }

  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  .icon-button {
    display: inline-grid;
    place-items: center;
    inline-size: 32px;
    block-size: 32px;
    padding: 0;
    border: 0;
    border-radius: 8px;
    background: transparent;
    color: var(--_muted);
    cursor: pointer;
    flex: none;
  }
  .icon-button:hover {
    background: var(--_surface);
    color: var(--_fg);
  }
  .icon-button svg {
    inline-size: 20px;
    block-size: 20px;
  }

  .text-button {
    border: 0;
    background: none;
    padding: 0;
    color: var(--_link);
    font-weight: 600;
    cursor: pointer;
    border-radius: 4px;
  }
  .text-button:hover {
    text-decoration: underline;
  }

  /* Header */
  header {
    display: flex;
    align-items: center;
    gap: calc(var(--_sp) * 3);
    min-block-size: 56px;
    padding: calc(var(--_sp) * 2) calc(var(--_sp) * 3) calc(var(--_sp) * 2) calc(var(--_sp) * 4);
    border-block-end: 1px solid var(--_border);
    flex: none;
  }
  .heading {
    flex: 1;
    min-inline-size: 0;
  }
  .title {
    margin: 0;
    font-size: 15px;
    font-weight: 650;
    letter-spacing: -0.005em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .subtitle {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 1px 0 0;
    font-size: var(--_meta);
    color: var(--_muted);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .dot {
    inline-size: 8px;
    block-size: 8px;
    border-radius: 50%;
    background: var(--_online);
    flex: none;
  }
  .dot.away {
    background: var(--_border);
  }
  .stack {
    display: flex;
    align-items: center;
    padding: 2px 6px 2px 2px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    cursor: pointer;
    gap: 6px;
    color: var(--_muted);
    font-size: var(--_meta);
    font-weight: 600;
  }
  .stack:hover {
    background: var(--_surface);
  }
  .stack .faces {
    display: flex;
  }
  .stack .avatar {
    inline-size: 24px;
    block-size: 24px;
    font-size: 10px;
    box-shadow: 0 0 0 2px var(--_bg);
  }
  .stack .avatar + .avatar {
    margin-inline-start: -6px;
  }

  /* Banner */
  .banner {
    display: flex;
    align-items: center;
    gap: calc(var(--_sp) * 2);
    padding: 6px calc(var(--_sp) * 4);
    background: var(--_warn-bg);
    color: var(--_warn-fg);
    font-size: var(--_meta);
    font-weight: 550;
    flex: none;
  }
  .banner .text-button {
    color: inherit;
    text-decoration: underline;
    margin-inline-start: auto;
  }
  .banner.failed {
    background: color-mix(in oklab, var(--_danger) 14%, var(--_bg));
    color: var(--_fg);
  }

  /* The list region */
  .body {
    position: relative;
    flex: 1;
    min-block-size: 0;
    display: flex;
    flex-direction: column;
  }
  .log {
    flex: 1;
    min-block-size: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: calc(var(--_sp) * 3) calc(var(--_sp) * 4) calc(var(--_sp) * 2);
    scrollbar-width: thin;
    scrollbar-color: var(--_border) transparent;
  }
  .log:focus-visible {
    outline-offset: -2px;
  }
  .history-edge {
    text-align: center;
    font-size: var(--_meta);
    color: var(--_muted);
    padding: calc(var(--_sp) * 2) 0 calc(var(--_sp) * 3);
  }
  .empty {
    display: grid;
    place-items: center;
    align-content: center;
    gap: calc(var(--_sp) * 3);
    min-block-size: 100%;
    text-align: center;
    color: var(--_muted);
    padding: calc(var(--_sp) * 6);
  }
  .empty svg {
    inline-size: 40px;
    block-size: 40px;
    color: var(--_border);
  }
  .jump {
    position: absolute;
    inset-block-end: calc(var(--_sp) * 3);
    inset-inline-start: 50%;
    translate: -50% 0;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 6px 12px 6px 10px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-size: var(--_meta);
    font-weight: 650;
    box-shadow: var(--_shadow);
    cursor: pointer;
  }
  :host([dir='rtl']) .jump {
    translate: 50% 0;
  }
  .jump svg {
    inline-size: 16px;
    block-size: 16px;
  }

  /* Typing row: always there, fixed height, so nothing jumps when someone types. */
  .typing {
    flex: none;
    block-size: 22px;
    padding: 0 calc(var(--_sp) * 4);
    font-size: var(--_meta);
    color: var(--_muted);
    display: flex;
    align-items: center;
    gap: 6px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .typing .dots {
    display: inline-flex;
    gap: 3px;
  }
  .typing .dots span {
    inline-size: 4px;
    block-size: 4px;
    border-radius: 50%;
    background: currentColor;
    opacity: 0.5;
  }
  @media (prefers-reduced-motion: no-preference) {
    .typing .dots span {
      animation: typing-dot 1.2s infinite ease-in-out;
    }
    .typing .dots span:nth-child(2) {
      animation-delay: 0.15s;
    }
    .typing .dots span:nth-child(3) {
      animation-delay: 0.3s;
    }
  }
  @keyframes typing-dot {
    30% {
      opacity: 1;
      transform: translateY(-2px);
    }
  }

  /* Composer */
  .composer {
    flex: none;
    padding: 0 calc(var(--_sp) * 3) calc(var(--_sp) * 3);
  }
  .notice {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 0 calc(var(--_sp) * 1) calc(var(--_sp) * 2);
    font-size: var(--_meta);
    color: var(--_muted);
  }
  .notice.error {
    color: var(--_danger);
    font-weight: 550;
  }
  .notice svg {
    inline-size: 14px;
    block-size: 14px;
    flex: none;
  }
  .notice .text-button {
    margin-inline-start: auto;
  }
  .field {
    display: flex;
    align-items: flex-end;
    gap: calc(var(--_sp) * 1);
    padding: 4px;
    border: 1px solid var(--_border);
    border-radius: 22px;
    background: var(--_surface);
    transition: border-color 150ms ease, box-shadow 150ms ease;
  }
  .field:focus-within {
    border-color: color-mix(in oklab, var(--_accent) 60%, var(--_border));
    box-shadow: 0 0 0 3px color-mix(in oklab, var(--_accent) 18%, transparent);
  }
  textarea {
    flex: 1;
    min-inline-size: 0;
    resize: none;
    border: 0;
    background: transparent;
    color: var(--_fg);
    font: inherit;
    font-size: 16px;
    line-height: 1.4;
    padding: 6px 8px;
    max-block-size: calc(1.4em * 6 + 12px);
    field-sizing: content;
    min-block-size: calc(1.4em + 12px);
    outline: none;
  }
  textarea::placeholder {
    color: var(--_muted);
  }
  .send {
    display: inline-grid;
    place-items: center;
    inline-size: 36px;
    block-size: 36px;
    flex: none;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
    transition: opacity 150ms ease;
  }
  .send:disabled {
    opacity: 0.4;
    cursor: default;
  }
  .send svg {
    inline-size: 18px;
    block-size: 18px;
  }
  :host([dir='rtl']) .send svg,
  :host([dir='rtl']) .jump-icon {
    transform: scaleX(-1);
  }
  .read-only {
    display: flex;
    align-items: center;
    gap: calc(var(--_sp) * 2);
    margin: 0 0 0;
    padding: calc(var(--_sp) * 3) calc(var(--_sp) * 4);
    border-radius: 12px;
    background: var(--_surface);
    color: var(--_muted);
    font-size: 13px;
  }
  .read-only svg {
    inline-size: 16px;
    block-size: 16px;
    flex: none;
  }
  .picker {
    display: flex;
    gap: 2px;
    padding: 4px;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_bg);
    box-shadow: var(--_shadow);
  }
  .picker button {
    inline-size: 32px;
    block-size: 32px;
    border: 0;
    border-radius: 50%;
    background: transparent;
    font-size: 18px;
    line-height: 1;
    cursor: pointer;
    padding: 0;
  }
  .picker button:hover {
    background: var(--_surface);
  }
  .composer-picker {
    position: absolute;
    inset-block-end: calc(100% + 6px);
    inset-inline-start: 0;
    z-index: 3;
  }
  .composer-row {
    position: relative;
  }

  /* Error state (the chat could not open) */
  .failure {
    flex: 1;
    display: grid;
    place-content: center;
    justify-items: center;
    gap: calc(var(--_sp) * 2);
    padding: calc(var(--_sp) * 6);
    text-align: center;
  }
  .failure h2 {
    margin: 0;
    font-size: 15px;
  }
  .failure p {
    margin: 0;
    color: var(--_muted);
    font-size: 13px;
    max-inline-size: 34ch;
    overflow-wrap: anywhere;
  }
  .failure svg {
    inline-size: 32px;
    block-size: 32px;
    color: var(--_danger);
  }
  .primary {
    margin-block-start: calc(var(--_sp) * 2);
    padding: 8px 16px;
    border: 0;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 650;
    cursor: pointer;
  }

  /* Participants panel: inside the frame, over the list, never position: fixed. */
  .panel {
    position: absolute;
    inset-block: 0;
    inset-inline-end: 0;
    inline-size: min(300px, 88%);
    z-index: 5;
    display: flex;
    flex-direction: column;
    background: var(--_bg);
    border-inline-start: 1px solid var(--_border);
    box-shadow: var(--_shadow);
  }
  @media (prefers-reduced-motion: no-preference) {
    .panel {
      animation: panel-in 180ms ease-out;
    }
  }
  @keyframes panel-in {
    from {
      opacity: 0;
      transform: translateX(12px);
    }
  }
  .panel-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    min-block-size: 56px;
    padding: 0 calc(var(--_sp) * 2) 0 calc(var(--_sp) * 4);
    border-block-end: 1px solid var(--_border);
  }
  .panel-head h2 {
    margin: 0;
    font-size: 15px;
  }
  .people {
    list-style: none;
    margin: 0;
    padding: calc(var(--_sp) * 2) 0;
    overflow-y: auto;
  }
  .person {
    display: flex;
    align-items: center;
    gap: calc(var(--_sp) * 3);
    padding: calc(var(--_sp) * 2) calc(var(--_sp) * 4);
  }
  .person .who {
    min-inline-size: 0;
    flex: 1;
  }
  .person .name-line {
    display: flex;
    align-items: center;
    gap: 6px;
    font-weight: 600;
  }
  .person .status {
    font-size: var(--_meta);
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .person.away .avatar {
    opacity: 0.55;
  }
  .avatar-wrap {
    position: relative;
    flex: none;
  }
  .avatar-wrap .dot {
    position: absolute;
    inset-block-end: -1px;
    inset-inline-end: -1px;
    box-shadow: 0 0 0 2px var(--_bg);
  }

  /* Narrow containers (a 320 px sidebar): less padding, wider bubbles. */
  @container chat (max-width: 360px) {
    header {
      padding-inline: calc(var(--_sp) * 3) calc(var(--_sp) * 2);
    }
    .log {
      padding-inline: calc(var(--_sp) * 3);
    }
    .stack .count {
      display: none;
    }
  }

  :host([compact]) header {
    min-block-size: 48px;
  }
  :host([compact]) .log {
    padding-inline: calc(var(--_sp) * 3);
  }
`;
