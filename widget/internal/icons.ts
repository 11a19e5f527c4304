import { svg, type SVGTemplateResult } from 'lit/html.js';

/** Inline icons (24×24, stroked, `aria-hidden`): no icon font, nothing fetched. Labels carry the meaning. */
export const icon = (body: SVGTemplateResult) =>
  svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const sendIcon = icon(svg`<path d="M4.5 12h13"/><path d="m12.5 5.5 6.5 6.5-6.5 6.5"/>`);
export const pencilIcon = icon(
  svg`<path d="M15.5 5.5 18.5 8.5"/><path d="M4.5 19.5l1-4L16 5a2.1 2.1 0 0 1 3 3L8.5 18.5z"/>`,
);
export const arrowDownIcon = icon(svg`<path d="M12 5v13"/><path d="m6.5 12.5 5.5 5.5 5.5-5.5"/>`);
export const lockIcon = icon(
  svg`<rect x="5" y="10.5" width="14" height="9.5" rx="2"/><path d="M8 10.5V8a4 4 0 0 1 8 0v2.5"/>`,
);
export const alertIcon = icon(
  svg`<circle cx="12" cy="12" r="8.5"/><path d="M12 7.8v5"/><path d="M12 16.2h.01" stroke-width="2.4"/>`,
);
export const chatIcon = icon(
  svg`<path d="M5 18.5V7a2.5 2.5 0 0 1 2.5-2.5h9A2.5 2.5 0 0 1 19 7v6.5a2.5 2.5 0 0 1-2.5 2.5H9z"/><path d="M9 9.5h6M9 12.5h4"/>`,
);
export const fileIcon = icon(svg`<path d="M14 3.5H6v17h12V7.5zM14 3.5v4h4"/>`);
export const heartIcon = icon(
  svg`<path d="M12 19.5s-7-4.3-7-9.6A3.9 3.9 0 0 1 12 7.6a3.9 3.9 0 0 1 7 2.3c0 5.3-7 9.6-7 9.6z"/>`,
);
