import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTES, OBSERVED_ATTRIBUTES, readAttributes } from '../../../widget/chat/chat-settings.js';

const manifestFile = fileURLToPath(new URL('../../../dist/custom-elements.json', import.meta.url));

interface Manifest {
  modules: { declarations?: { name?: string; attributes?: { name: string; fieldName?: string }[] }[] }[];
}

describe('the attribute table', () => {
  it('is what the manifest documents: every attribute with its property, and nothing else but lang and dir', () => {
    // `npm test` builds first; the manifest is generated from the element's JSDoc.
    expect(existsSync(manifestFile), 'dist/custom-elements.json (npm run build)').toBe(true);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    const element = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.name === 'EmbeddedChat');
    const documented = (element?.attributes ?? []).map((a) => [a.name, a.fieldName ?? null]);
    const declared = Object.entries(ATTRIBUTES).map(([property, { attribute }]) => [attribute, property]);
    expect(documented).toEqual([...declared, ['lang', null], ['dir', null]]);
  });

  it('is what the element observes', () => {
    expect([...OBSERVED_ATTRIBUTES].sort()).toEqual(
      [...Object.values(ATTRIBUTES).map((a) => a.attribute), 'lang', 'dir'].sort(),
    );
  });

  it('reads every property of the table, and only those', () => {
    const values = {
      task: 't',
      tokenUrl: 'u',
      participantToken: 'p',
      theme: 'dark',
      compact: true,
      status: 's',
      loading: 'eager',
      pushWorker: 'w',
      other: 1,
    };
    expect(readAttributes(values as unknown as Parameters<typeof readAttributes>[0])).toEqual({
      task: 't',
      tokenUrl: 'u',
      participantToken: 'p',
      theme: 'dark',
      compact: true,
      status: 's',
      loading: 'eager',
      pushWorker: 'w',
    });
  });
});
