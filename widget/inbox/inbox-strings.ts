import { baseLanguage, directionOf } from '../i18n/language-tag.js';

/** Every user-visible string of `<embedded-chat-inbox>`, including the accessible names tests and assistive technology use. */
export interface InboxStrings {
  /** The list's accessible name and heading. */
  conversations: string;
  /** The filter button (pressed: only conversations with unread messages). */
  unreadFilter: string;
  /** The title search box's accessible name and placeholder. */
  search: string;
  /** The button that empties the search box. */
  clearSearch: string;
  /** No task's title matches the search. */
  noMatch: (query: string) => string;
  empty: string;
  emptyUnread: string;
  loading: string;
  loadingMore: string;
  offline: string;
  failed: string;
  retry: string;
  back: string;
  closed: string;
  you: string;
  noMessages: string;
  /** A message with files and no text. */
  files: (n: number) => string;
  /** The badge's words for screen readers. */
  unread: (n: number, formatted: string) => string;
}

const en: InboxStrings = {
  conversations: 'Conversations',
  unreadFilter: 'Unread',
  search: 'Search conversations',
  clearSearch: 'Clear search',
  noMatch: (q) => `No conversations match “${q}”`,
  empty: 'No conversations yet',
  emptyUnread: 'You are all caught up',
  loading: 'Loading conversations',
  loadingMore: 'Loading more conversations',
  offline: 'Offline — reconnecting…',
  failed: 'Conversations could not be loaded.',
  retry: 'Try again',
  back: 'Back to conversations',
  closed: 'Closed',
  you: 'You',
  noMessages: 'No messages yet',
  files: (n) => (n === 1 ? 'Sent a file' : `Sent ${n} files`),
  unread: (n, f) => (n === 1 ? '1 unread message' : `${f} unread messages`),
};

const es: InboxStrings = {
  conversations: 'Conversaciones',
  unreadFilter: 'No leídas',
  search: 'Buscar conversaciones',
  clearSearch: 'Borrar la búsqueda',
  noMatch: (q) => `Ninguna conversación coincide con «${q}»`,
  empty: 'Aún no hay conversaciones',
  emptyUnread: 'Estás al día',
  loading: 'Cargando conversaciones',
  loadingMore: 'Cargando más conversaciones',
  offline: 'Sin conexión — reconectando…',
  failed: 'No se pudieron cargar las conversaciones.',
  retry: 'Reintentar',
  back: 'Volver a las conversaciones',
  closed: 'Cerrada',
  you: 'Tú',
  noMessages: 'Aún no hay mensajes',
  files: (n) => (n === 1 ? 'Envió un archivo' : `Envió ${n} archivos`),
  unread: (n, f) => (n === 1 ? '1 mensaje sin leer' : `${f} mensajes sin leer`),
};

const ar: InboxStrings = {
  conversations: 'المحادثات',
  unreadFilter: 'غير المقروءة',
  search: 'البحث في المحادثات',
  clearSearch: 'مسح البحث',
  noMatch: (q) => `لا توجد محادثات تطابق «${q}»`,
  empty: 'لا توجد محادثات بعد',
  emptyUnread: 'لا توجد رسائل غير مقروءة',
  loading: 'جارٍ تحميل المحادثات',
  loadingMore: 'جارٍ تحميل المزيد من المحادثات',
  offline: 'غير متصل — جارٍ إعادة الاتصال…',
  failed: 'تعذّر تحميل المحادثات.',
  retry: 'إعادة المحاولة',
  back: 'العودة إلى المحادثات',
  closed: 'مغلقة',
  you: 'أنت',
  noMessages: 'لا توجد رسائل بعد',
  files: (n) => (n === 1 ? 'أرسل ملفًا' : `أرسل ${n} ملفات`),
  unread: (_n, f) => `رسائل غير مقروءة: ${f}`,
};

const TABLES: Record<string, InboxStrings> = { en, es, ar };

/** The inbox's strings and formatters for a BCP 47 tag; languages without a table are English. */
export class InboxLocale {
  readonly strings: InboxStrings;
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  private readonly _number: Intl.NumberFormat;
  private readonly _relative: Intl.RelativeTimeFormat;
  private readonly _date: Intl.DateTimeFormat;

  constructor(tag: string | undefined) {
    const base = baseLanguage(tag ?? '');
    const known = TABLES[base] !== undefined;
    this.lang = known ? tag! : 'en';
    this.strings = TABLES[known ? base : 'en']!;
    this.dir = known ? directionOf(base) : 'ltr';
    this._number = new Intl.NumberFormat(this.lang);
    this._relative = new Intl.RelativeTimeFormat(this.lang, { numeric: 'auto', style: 'narrow' });
    this._date = new Intl.DateTimeFormat(this.lang, { month: 'short', day: 'numeric' });
  }

  number(n: number): string {
    return this._number.format(n);
  }

  /** "now", "5m ago", "3h ago", "yesterday", then a date. */
  ago(at: number, now: number): string {
    const seconds = Math.round((at - now) / 1000);
    if (seconds > -45) return this._relative.format(0, 'second');
    const minutes = Math.round(seconds / 60);
    if (minutes > -60) return this._relative.format(minutes, 'minute');
    const hours = Math.round(minutes / 60);
    if (hours > -24) return this._relative.format(hours, 'hour');
    const days = Math.round(hours / 24);
    if (days > -7) return this._relative.format(days, 'day');
    return this._date.format(at);
  }
}
