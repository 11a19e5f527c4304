import { describe, expect, it } from 'vitest';
import { attachmentsOf, isPhoto, photoBox } from '../../../../widget/features/messages/attachment-refs.js';

const ID = 'a'.repeat(32);
const vase = { id: ID, name: 'vase.jpg', size: 1200, type: 'image/jpeg', width: 1200, height: 900 };

describe('attachmentsOf', () => {
  it('reads the files a message lists, and nothing from metadata without them', () => {
    expect(attachmentsOf({ attachments: [vase] })).toEqual([vase]);
    for (const metadata of [undefined, null, {}, { attachments: 'x' }, { attachments: {} }]) {
      expect(attachmentsOf(metadata)).toEqual([]);
    }
  });

  it('drops entries that are not well formed: untrusted metadata never reaches the row', () => {
    const bad = [
      null,
      'x',
      { ...vase, id: '../../etc/passwd' },
      { ...vase, id: ID.toUpperCase() },
      { ...vase, name: 42 },
      { ...vase, type: undefined },
      { ...vase, size: -1.5 },
      { ...vase, size: '12' },
    ];
    expect(attachmentsOf({ attachments: [...bad, vase] })).toEqual([vase]);
  });

  it('keeps at most ten files', () => {
    expect(attachmentsOf({ attachments: Array.from({ length: 14 }, () => vase) })).toHaveLength(10);
  });
});

describe('isPhoto and photoBox', () => {
  it('shows an image with sane dimensions as a photo, anything else as a file', () => {
    expect(isPhoto(vase)).toBe(true);
    expect(isPhoto({ ...vase, type: 'application/pdf' })).toBe(false);
    for (const width of [undefined, 0, -3, 1.5, 1e6, '1;background:url(x)']) {
      expect(isPhoto({ ...vase, width } as never), String(width)).toBe(false);
    }
  });

  it('sizes the box from the dimensions alone: at most 240 px wide and 300 px high, never wider than the photo', () => {
    expect(photoBox(vase)).toBe('width:240px;aspect-ratio:1200/900');
    expect(photoBox({ ...vase, width: 900, height: 1600 })).toBe('width:169px;aspect-ratio:900/1600');
    expect(photoBox({ ...vase, width: 120, height: 80 })).toBe('width:120px;aspect-ratio:120/80');
  });
});
