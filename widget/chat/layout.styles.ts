import { css } from '@lit/reactive-element/css-tag.js';

/** The frame, shared controls and the header. */
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
  .subtitle span {
    unicode-bidi: isolate;
    flex: none;
  }
  /* A flex row does not ellipsize itself: the last part (a status, a name) gives way, in its own direction. */
  .subtitle span:last-child {
    flex: 0 1 auto;
    min-width: 0;
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
`;
