import { baseLanguage, directionOf } from '../i18n/language-tag.js';

/** Every user-visible string of `<embedded-chat-launcher>`: the accessible names tests and assistive technology use. */
export interface LauncherStrings {
  /** The button while the panel is closed (unless the host gave a `label`). */
  open: string;
  /** The button's name with unread messages: the label (`open`, or the host's), then the count. */
  withUnread: (label: string, formatted: string) => string;
  /** The button while the panel is open, and the sheet's own close button at phone widths. */
  close: string;
  /** The panel (`role="dialog"`). */
  panel: string;
}

const en: LauncherStrings = {
  open: 'Open chat',
  withUnread: (label, f) => `${label}, ${f} unread`,
  close: 'Close chat',
  panel: 'Chat',
};

const es: LauncherStrings = {
  open: 'Abrir chat',
  withUnread: (label, f) => `${label}, ${f} sin leer`,
  close: 'Cerrar chat',
  panel: 'Chat',
};

const ar: LauncherStrings = {
  open: 'فتح الدردشة',
  withUnread: (label, f) => `${label}، غير المقروءة: ${f}`,
  close: 'إغلاق الدردشة',
  panel: 'الدردشة',
};

const TABLES: Record<string, LauncherStrings> = { en, es, ar };

export { en as launcherEn };

/**
 * The launcher's strings, number format and direction for a BCP 47 tag; languages without a table are English.
 * The number format is made for the first badge: a page's first `Intl` object loads ICU's data (tens of ms on a
 * slow phone), which a closed launcher without unread messages never needs.
 */
export class LauncherLocale {
  readonly strings: LauncherStrings;
  readonly dir: 'ltr' | 'rtl';
  private readonly _tag: string;
  private _number?: Intl.NumberFormat;

  constructor(tag: string) {
    const base = baseLanguage(tag);
    const known = TABLES[base] !== undefined;
    this.strings = TABLES[known ? base : 'en']!;
    this.dir = known ? directionOf(base) : 'ltr';
    this._tag = known ? tag : 'en';
  }

  /** A badge's text: the count, or "99+" past 99. */
  badge(count: number): string {
    const number = (this._number ??= new Intl.NumberFormat(this._tag));
    return count > 99 ? `${number.format(99)}+` : number.format(count);
  }
}
