import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { textTypeOf, typeFromBytes } from '../../../../server/backend/attachments/file-inspection.js';
import {
  ELF,
  HTML_AS_PNG,
  PDF,
  SVG_WITH_SCRIPT,
  jpegWithGps,
  png,
} from '../../../support/attachment-fixtures.js';

/** The bytes as storage hands them out: a byte stream. */
const typeOf = (bytes: Buffer) => typeFromBytes(async () => new PassThrough().end(bytes));

describe('typeFromBytes', () => {
  it('decides binary types by their signatures', async () => {
    expect(await typeOf(await png())).toBe('image/png');
    expect(await typeOf(await jpegWithGps(16, 16))).toBe('image/jpeg');
    expect(await typeOf(PDF)).toBe('application/pdf');
    expect(await typeOf(ELF)).toBe('application/x-elf');
  });

  it('tells plain text from markup a browser would render', async () => {
    expect(await typeOf(Buffer.from('Order 8841: the vase arrived broken.\n'))).toBe('text/plain');
    expect(await typeOf(HTML_AS_PNG)).toBe('text/html');
    expect(await typeOf(SVG_WITH_SCRIPT)).toBe('image/svg+xml');
    expect(await typeOf(Buffer.from('<?xml version="1.0"?><svg/>'))).toBe('application/xml');
    expect(await typeOf(Buffer.from('  \n<?xml version="1.0"?><svg/>'))).toBe('image/svg+xml');
  });

  it('leaves bytes that are neither a known format nor text undecided', async () => {
    expect(await typeOf(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]))).toBeUndefined();
  });
});

describe('textTypeOf', () => {
  it.each([
    ['hello', 'text/plain'],
    ['\uFEFF<!DOCTYPE html><p>x', 'text/html'],
    ['<script>alert(1)</script>', 'text/html'],
    ['<b>bold</b>', 'text/html'],
    ['<svg onload="x">', 'image/svg+xml'],
    ['#!/bin/sh\nrm -rf /', 'text/x-shellscript'],
    ['a < b and <c> is not markup', 'text/plain'],
  ])('reads %j as %s', (text, type) => {
    expect(textTypeOf(Buffer.from(text))).toBe(type);
  });

  it('refuses bytes that are not UTF-8 or hold NUL, and accepts a sample cut inside a character', () => {
    expect(textTypeOf(Buffer.from([0x61, 0x00, 0x62]))).toBeUndefined();
    expect(textTypeOf(Buffer.from([0xc3, 0x28]))).toBeUndefined();
    expect(textTypeOf(Buffer.from('café').subarray(0, 4))).toBe('text/plain');
  });
});
