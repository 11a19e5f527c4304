import { KNOWN_TYPES } from './attachment-policy.js';

/** Characters a shown or downloaded name never keeps: control, format (bidi overrides, zero-width), separators. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;
/** Characters file systems refuse, and both path separators. */
const RESERVED = /[<>:"/\\|?*]/g;
export const MAX_NAME_CHARS = 120;

/**
 * A file name fit to show and to download (issue #17): the last path segment only (no `../`, no directory),
 * NFC, without control, bidi or zero-width characters or characters file systems refuse, whitespace collapsed,
 * no leading or trailing dots or spaces, at most 120 characters with the extension kept; `file` when nothing
 * is left. Pure.
 * @example sanitizeFileName('../../etc/passwd') // 'passwd'
 * @example sanitizeFileName('invoice\u202Efdp.exe') // 'invoicefdp.exe'
 */
export function sanitizeFileName(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  const clean = last
    .normalize('NFC')
    .replace(/[\t\n\v\f\r\u2028\u2029]/g, ' ')
    .replace(UNSAFE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const chars = [...clean];
  if (chars.length === 0) return 'file';
  if (chars.length <= MAX_NAME_CHARS) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 ? [...clean.slice(dot)] : [];
  if (extension.length > 0 && extension.length <= 10) {
    return (
      chars
        .slice(0, MAX_NAME_CHARS - extension.length)
        .join('')
        .trimEnd() + extension.join('')
    );
  }
  return chars.slice(0, MAX_NAME_CHARS).join('').trimEnd();
}

/**
 * The name a file of `type` is downloaded under: `name` when its extension fits the type, else `name` with
 * the type's extension added (`run.bat` holding text becomes `run.bat.txt`), so the download opens as what it
 * is. Pure.
 */
export function nameForType(name: string, type: string): string {
  const extensions = KNOWN_TYPES[type];
  if (!extensions) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return extensions.includes(extension) ? name : sanitizeFileName(`${name}.${extensions[0]}`);
}
