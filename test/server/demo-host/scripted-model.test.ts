import { describe, expect, it } from 'vitest';
import { researchScript } from '../../../server/demo-host/ticket-bot.js';
import { scriptDuration, scriptedModel, tokensOf } from '../../../server/demo-host/scripted-model.js';

describe('the demo’s scripted model', () => {
  it('splits text into word-sized tokens that join back into it', () => {
    const text = 'Hi Ana! Sign-in trouble after an update — usually the cache.\n1. Sign out.';
    const tokens = tokensOf(text);
    expect(tokens.join('')).toBe(text);
    expect(Math.max(...tokens.map((t) => t.trim().length))).toBeLessThanOrEqual(6);
  });

  it('writes the whole script, in order, at its pace', async () => {
    const script = ['One two. ', { pauseMs: 30 }, 'Three.'];
    const started = performance.now();
    const tokens: string[] = [];
    for await (const token of scriptedModel(script, { tokenMs: 2, sentenceMs: 5 })) tokens.push(token);
    expect(tokens.join('')).toBe('One two. Three.');
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
  });

  it('stops writing when aborted (a user pressed Stop)', async () => {
    const stop = new AbortController();
    const tokens: string[] = [];
    for await (const token of scriptedModel(
      ['a b c d e f g h'],
      { tokenMs: 1, sentenceMs: 0 },
      stop.signal,
    )) {
      tokens.push(token);
      if (tokens.length === 3) stop.abort();
    }
    expect(tokens).toHaveLength(3);
  });

  it('takes about 20 s to research an order history', () => {
    const ms = scriptDuration(researchScript('Ana'));
    expect(ms).toBeGreaterThan(17_000);
    expect(ms).toBeLessThan(24_000);
  });
});
