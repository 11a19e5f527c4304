import { describe, expect, it } from 'vitest';
import { nameForType, sanitizeFileName } from '../../../../server/backend/attachments/file-names.js';

describe('sanitizeFileName', () => {
  it.each([
    ['vase.jpg', 'vase.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\ann\\Desktop\\photo.png', 'photo.png'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['zero\u200Bwidth\u2066.txt', 'zerowidth.txt'],
    ['line\nbreak\r\tname.pdf', 'line break name.pdf'],
    ['  ...hidden. ', 'hidden'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['', 'file'],
    ['../..', 'file'],
    ['e\u0301te\u0301.txt', 'été.txt'],
  ])('turns %j into %j', (raw, clean) => {
    expect(sanitizeFileName(raw)).toBe(clean);
  });

  it('cuts a long name to 120 characters and keeps its extension', () => {
    const name = sanitizeFileName(`${'x'.repeat(300)}.pdf`);
    expect([...name]).toHaveLength(120);
    expect(name.endsWith('xx.pdf')).toBe(true);
  });
});

describe('nameForType', () => {
  it.each([
    ['vase.JPG', 'image/jpeg', 'vase.JPG'],
    ['vase.jpeg', 'image/jpeg', 'vase.jpeg'],
    ['vase.png', 'image/jpeg', 'vase.png.jpg'],
    ['run.bat', 'text/plain', 'run.bat.txt'],
    ['notes.md', 'text/plain', 'notes.md'],
    ['report', 'application/pdf', 'report.pdf'],
  ])('names %j of type %s %j', (name, type, expected) => {
    expect(nameForType(name, type)).toBe(expected);
  });
});
