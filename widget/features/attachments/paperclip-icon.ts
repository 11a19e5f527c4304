import { svg } from 'lit/html.js';
import { icon } from '../../internal/icons.js';

/** The paperclip of "Attach file" and the drop zone. */
export const paperclipIcon = icon(
  svg`<path d="m20 11.5-7.8 7.8a4.8 4.8 0 0 1-6.8-6.8l8.2-8.2a3.2 3.2 0 0 1 4.5 4.5l-8.2 8.2a1.6 1.6 0 0 1-2.3-2.3l7.5-7.5"/>`,
);
