import { describe, expect, it } from 'vitest';
import { ar } from '../../widget/i18n/ar.js';
import { en } from '../../widget/i18n/en.js';
import { es } from '../../widget/i18n/es.js';
import { Locale, loadLocale } from '../../widget/i18n/locale.js';

describe('loadLocale', () => {
  it.each([
    ['ar', 'ar'],
    ['ar-EG', 'ar-EG'],
    ['AR', 'AR'],
  ])('gives right-to-left Arabic strings for %s', async (tag, lang) => {
    const locale = await loadLocale(tag);
    expect(locale).toMatchObject({ lang, dir: 'rtl', strings: ar });
    expect(locale.strings.send).toBe('إرسال');
    expect(locale.strings.today).toBe('اليوم');
  });

  it.each(['es', 'es-MX', 'es-419'])('gives left-to-right Spanish strings for %s', async (tag) => {
    expect(await loadLocale(tag)).toMatchObject({ lang: tag, dir: 'ltr', strings: es });
  });

  it.each(['en', 'en-GB'])('gives English strings for %s', async (tag) => {
    expect(await loadLocale(tag)).toMatchObject({ lang: tag, dir: 'ltr', strings: en });
  });

  it.each([
    ['no tag', undefined],
    ['the empty tag', ''],
    ['a sentence', 'not a tag!!'],
    ['an underscore tag', 'en_US'],
    ['a tag with a space', ' ar'],
    ['a private-use tag', 'x-private'],
    ['a grandfathered tag', 'i-klingon'],
  ])('falls back to English, left to right, for %s', async (_case, tag) => {
    expect(await loadLocale(tag)).toMatchObject({ lang: 'en', dir: 'ltr', strings: en });
  });

  it.each(['fr', 'de-CH', 'zz'])('gives English strings for %s, a language without a table', async (tag) => {
    expect((await loadLocale(tag)).strings).toBe(en);
  });

  // A tag without a table is English throughout: no "Today" above "mardi 10 juin", no English laid out RTL.
  it.each(['fr', 'he'])('labels and formats in English what it writes in English, for %s', async (tag) => {
    const locale = await loadLocale(tag);
    expect({ lang: locale.lang, dir: locale.dir }).toEqual({ lang: 'en', dir: 'ltr' });
    expect(locale.day(new Date(2025, 5, 10), new Date(2025, 5, 15))).toBe('Tuesday, June 10');
  });
});

/** Names in sentences are bidi-isolated (FSI … PDI), so an Arabic name keeps its place in English text. */
const iso = (name: string) => `\u2068${name}\u2069`;

describe('Locale', () => {
  const english = new Locale('en');

  it.each<[string, string[], string]>([
    ['nobody', [], ''],
    ['one person', ['Dana'], `${iso('Dana')} is typing…`],
    ['two people', ['Dana', 'Sam'], `${iso('Dana')} and ${iso('Sam')} are typing…`],
    ['three people', ['Dana', 'Sam', 'Oli'], '3 people are typing…'],
    [
      '1,200 people, with a formatted count',
      Array.from({ length: 1200 }, (_, i) => `p${i}`),
      '1,200 people are typing…',
    ],
  ])('says who is typing for %s', (_case, names, text) => {
    expect(english.typing(names)).toBe(text);
  });

  it('says who is typing in Arabic and Spanish, with the locale’s number format', async () => {
    const arabic = await loadLocale('ar');
    expect(arabic.typing(['دانة'])).toBe(`${iso('دانة')} يكتب…`);
    expect(arabic.typing(['دانة', 'سام'])).toBe(`${iso('دانة')} و${iso('سام')} يكتبان…`);
    expect(arabic.typing(['a', 'b', 'c', 'd'])).toBe(`${arabic.number(4)} أشخاص يكتبون…`);
    const spanish = await loadLocale('es');
    expect(spanish.typing(['Ana', 'Luis'])).toBe(`${iso('Ana')} y ${iso('Luis')} están escribiendo…`);
  });

  const now = new Date(2025, 5, 15, 10, 30);

  it.each<[string, Date, string]>([
    ['Today for earlier today', new Date(2025, 5, 15, 0, 1), 'Today'],
    ['Today for later today', new Date(2025, 5, 15, 23, 59), 'Today'],
    ['Yesterday for late yesterday', new Date(2025, 5, 14, 23, 59), 'Yesterday'],
    ['Yesterday for early yesterday', new Date(2025, 5, 14, 0, 0), 'Yesterday'],
    ['the weekday and date for earlier this year', new Date(2025, 5, 10, 9, 0), 'Tuesday, June 10'],
    ['the date with its year for last year', new Date(2024, 11, 31, 9, 0), 'December 31, 2024'],
  ])('labels a day with %s', (_case, date, label) => {
    expect(english.day(date, now)).toBe(label);
  });

  it('labels days in the locale’s language', async () => {
    const arabic = await loadLocale('ar');
    expect(arabic.day(new Date(2025, 5, 15, 8), now)).toBe('اليوم');
    expect(arabic.day(new Date(2025, 5, 14, 8), now)).toBe('أمس');
    const spanish = await loadLocale('es');
    expect(spanish.day(new Date(2025, 5, 14, 8), now)).toBe('Ayer');
    expect(spanish.day(new Date(2025, 5, 10, 8), now)).toBe('martes, 10 de junio');
  });

  it.each<[string, number, number]>([
    ['spring (a 23-hour day)', 2, 30],
    ['autumn (a 25-hour day)', 9, 26],
  ])('counts calendar days across the %s daylight-saving change', (_case, month, day) => {
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
    try {
      const next = new Date(2025, month, day + 1, 0, 30);
      expect(english.day(new Date(2025, month, day, 0, 30), next)).toBe('Yesterday');
      expect(english.day(new Date(2025, month, day, 23, 30), next)).toBe('Yesterday');
      expect(english.day(new Date(2025, month, day - 1, 23, 30), next)).not.toMatch(/^(Today|Yesterday)$/);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('translates known roles and shows unknown ones as they are', async () => {
    expect(english.role('agent')).toBe('agent');
    expect((await loadLocale('es')).role('courier')).toBe(es.roles.courier);
    expect((await loadLocale('ar')).role('agent')).toBe('موظف دعم');
    expect(english.role('wizard')).toBe('wizard');
  });

  it('formats numbers and lists for its language', () => {
    expect(english.number(1234.5)).toBe('1,234.5');
    expect(english.list(['Ann', 'Dana', 'Sam'])).toBe(`${iso('Ann')}, ${iso('Dana')}, and ${iso('Sam')}`);
    expect(new Locale('es', es).list(['Ana', 'Luis'])).toBe(`${iso('Ana')} y ${iso('Luis')}`);
  });
});
