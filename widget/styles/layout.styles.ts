import { css } from 'lit';

/** The frame, header, banner, list area, typing row, composer and participants panel. */
export const layoutStyles = css`
  :host {
    display: block;
    height: 100%;
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
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .frame {
    position: relative;
    display: flex;
    flex-direction: column;
    height: 100%;
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
    width: 32px;
    height: 32px;
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
    width: 20px;
    height: 20px;
  }
  .notify[aria-pressed='true'] {
    color: var(--_accent);
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
    gap: var(--_s3);
    min-height: 56px;
    padding: var(--_s2) var(--_s3) var(--_s2) var(--_s4);
    border-bottom: 1px solid var(--_border);
    flex: none;
  }
  .heading {
    flex: 1;
    min-width: 0;
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
    width: 8px;
    height: 8px;
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
  .stack svg {
    width: 20px;
    height: 20px;
  }
  .stack .avatar {
    width: 24px;
    height: 24px;
    font-size: 9px;
    letter-spacing: 0;
    box-shadow: 0 0 0 2px var(--_bg);
  }
  .stack .avatar + .avatar {
    margin-inline-start: -4px;
  }

  /* Banner */
  .banner {
    display: flex;
    align-items: center;
    gap: var(--_s2);
    padding: 6px var(--_s4);
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
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .log {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: var(--_s3) var(--_s4) var(--_s2);
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
    padding: var(--_s2) 0 var(--_s3);
  }
  .empty {
    display: grid;
    place-items: center;
    align-content: center;
    gap: var(--_s3);
    min-height: 100%;
    text-align: center;
    color: var(--_muted);
    padding: var(--_s6);
  }
  .empty svg {
    width: 40px;
    height: 40px;
    color: var(--_border);
  }
  .jump {
    position: absolute;
    bottom: var(--_s3);
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
    width: 16px;
    height: 16px;
  }

  /* Typing row: always there, fixed height, so nothing jumps when someone types. */
  .typing {
    flex: none;
    height: 22px;
    padding: 0 var(--_s4);
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
    width: 4px;
    height: 4px;
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
    padding: 0 var(--_s3) var(--_s3);
  }
  .notice {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 0 var(--_s1) var(--_s2);
    font-size: var(--_meta);
    color: var(--_muted);
  }
  .notice.error {
    color: var(--_danger);
    font-weight: 550;
  }
  .notice svg {
    width: 14px;
    height: 14px;
    flex: none;
  }
  .notice .text-button {
    margin-inline-start: auto;
  }
  .field {
    display: flex;
    align-items: flex-end;
    gap: var(--_s1);
    padding: 4px;
    border: 1px solid var(--_border);
    border-radius: 22px;
    background: var(--_surface);
    transition:
      border-color 150ms ease,
      box-shadow 150ms ease;
  }
  .field:focus-within {
    border-color: color-mix(in oklab, var(--_accent) 60%, var(--_border));
    box-shadow: 0 0 0 3px color-mix(in oklab, var(--_accent) 18%, transparent);
  }
  textarea {
    flex: 1;
    min-width: 0;
    resize: none;
    border: 0;
    background: transparent;
    color: var(--_fg);
    font: inherit;
    font-size: 16px;
    line-height: 1.4;
    padding: 6px 8px;
    max-height: calc(1.4em * 6 + 12px);
    field-sizing: content;
    min-height: calc(1.4em + 12px);
    outline: none;
  }
  textarea::placeholder {
    color: var(--_muted);
  }
  .send {
    display: inline-grid;
    place-items: center;
    width: 36px;
    height: 36px;
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
    width: 18px;
    height: 18px;
  }
  :host([dir='rtl']) .send svg,
  :host([dir='rtl']) .jump-icon {
    transform: scaleX(-1);
  }
  .read-only {
    display: flex;
    align-items: center;
    gap: var(--_s2);
    margin: 0 0 0;
    padding: var(--_s3) var(--_s4);
    border-radius: 12px;
    background: var(--_surface);
    color: var(--_muted);
    font-size: 13px;
  }
  .read-only svg {
    width: 16px;
    height: 16px;
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
    width: 32px;
    height: 32px;
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
    bottom: calc(100% + 6px);
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
    gap: var(--_s2);
    padding: var(--_s6);
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
    max-width: 34ch;
    overflow-wrap: anywhere;
  }
  .failure svg {
    width: 32px;
    height: 32px;
    color: var(--_danger);
  }
  .primary {
    margin-top: var(--_s2);
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
    top: 0;
    bottom: 0;
    inset-inline-end: 0;
    width: min(300px, 88%);
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
    min-height: 56px;
    padding: 0 var(--_s2) 0 var(--_s4);
    border-bottom: 1px solid var(--_border);
  }
  .panel-head h2 {
    margin: 0;
    font-size: 15px;
  }
  .people {
    list-style: none;
    margin: 0;
    padding: var(--_s2) 0;
    overflow-y: auto;
  }
  .person {
    display: flex;
    align-items: center;
    gap: var(--_s3);
    padding: var(--_s2) var(--_s4);
  }
  .person .who {
    min-width: 0;
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
    bottom: -1px;
    inset-inline-end: -1px;
    box-shadow: 0 0 0 2px var(--_bg);
  }

  /* Narrow containers (a 320 px sidebar): less padding, wider bubbles. */
  @container chat (max-width: 360px) {
    header {
      padding-inline: var(--_s3) var(--_s2);
    }
    .log {
      padding-inline: var(--_s3);
    }
    .stack .count {
      display: none;
    }
  }

  :host([compact]) header {
    min-height: 48px;
  }
  :host([compact]) .log {
    padding-inline: var(--_s3);
  }
`;
