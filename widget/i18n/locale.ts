import { en } from './en.js';
import { baseLanguage, directionOf } from './language-tag.js';
import type { Strings } from './strings.js';

/** English is built in; other tables are chunks of their own, loaded only by pages that use them. */
const TABLES: Record<string, () => Promise<Strings>> = {
  ar: () => import('./ar.js').then((m) => m.ar),
  es: () => import('./es.js').then((m) => m.es),
};

/**
 * The locale for a BCP 47 tag (`ar`, `es-MX`). A language without a table is English throughout (strings,
 * dates, `lang` and direction), so nothing reads French dates above English words.
 */
export async function loadLocale(lang: string | undefined): Promise<Locale> {
  const tag = supported(lang) ? lang! : 'en';
  const base = baseLanguage(tag);
  if (base === 'en') return new Locale(tag, en);
  const load = TABLES[base];
  return load ? new Locale(tag, await load()) : new Locale();
}

/**
 * A locale's strings and formatters (dates, numbers, lists) for one language tag. Each formatter is made when
 * first used: an `Intl` formatter costs a millisecond or more to make, and the first conversation needs only
 * the time of day and the day.
 */
export class Locale {
  readonly strings: Strings;
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  private _time?: Intl.DateTimeFormat;
  private _day?: Intl.DateTimeFormat;
  private _dayWithYear?: Intl.DateTimeFormat;
  private _number?: Intl.NumberFormat;
  private _list?: Intl.ListFormat;

  constructor(tag = 'en', strings: Strings = en) {
    this.lang = tag;
    this.strings = strings;
    this.dir = directionOf(baseLanguage(tag));
  }

  /**
   * Makes the time formatter now. A page's first `Intl` object loads ICU's data (15–30 ms on a slow machine, the
   * time zone a few more): the chat does it while its history request is on the network, not in the first render.
   */
  prepare(): void {
    this.time(new Date());
  }

  time(date: Date): string {
    return (this._time ??= new Intl.DateTimeFormat(this.lang, { hour: 'numeric', minute: '2-digit' })).format(
      date,
    );
  }

  /** "Today", "Yesterday", a weekday and date this year, a full date before. */
  day(date: Date, now: Date): string {
    const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
    if (days === 0) return this.strings.today;
    if (days === 1) return this.strings.yesterday;
    return date.getFullYear() === now.getFullYear()
      ? (this._day ??= new Intl.DateTimeFormat(this.lang, {
          weekday: 'long',
          month: 'long',
          day: 'numeric',
        })).format(date)
      : (this._dayWithYear ??= new Intl.DateTimeFormat(this.lang, {
          year: 'numeric',
          month: 'long',
          day: 'numeric',
        })).format(date);
  }

  number(n: number): string {
    return (this._number ??= new Intl.NumberFormat(this.lang)).format(n);
  }

  /** A file's size as people read it: "0.1 kB", "48 kB", "1.2 MB" (decimal units, localised). */
  fileSize(bytes: number): string {
    const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'kilobyte'] : [bytes / 1e6, 'megabyte'];
    const digits = value < 10 ? 1 : 0;
    return new Intl.NumberFormat(this.lang, { style: 'unit', unit, maximumFractionDigits: digits }).format(
      value,
    );
  }

  /** Names joined for a sentence, each bidi-isolated so an Arabic name in English text (or the reverse) keeps its place. */
  list(names: string[]): string {
    return (this._list ??= new Intl.ListFormat(this.lang, { style: 'long', type: 'conjunction' })).format(
      names.map(isolate),
    );
  }

  role(role: string): string {
    return (this.strings.roles as Partial<Record<string, string>>)[role] ?? role;
  }

  typing(names: string[]): string {
    const t = this.strings.typing;
    if (names.length === 0) return '';
    if (names.length === 1) return t.one(isolate(names[0]!));
    if (names.length === 2) return t.two(isolate(names[0]!), isolate(names[1]!));
    return t.many(this.number(names.length));
  }
}

function supported(lang: string | undefined): boolean {
  if (!lang) return false;
  try {
    return Intl.getCanonicalLocales(lang).length > 0;
  } catch {
    return false; // not a BCP 47 tag: English
  }
}

/** First-strong isolate … pop directional isolate (Unicode bidi). */
function isolate(name: string): string {
  return `\u2068${name}\u2069`;
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}
