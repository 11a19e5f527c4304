import { describe, expect, it } from 'vitest';
import type { AgentRunHeaders } from '../../../../server/contract/api-contract.js';
import { RunWriter, type RunChannel } from '../../../../server/backend/agent-runs/run-writer.js';

const HEADERS: AgentRunHeaders = { runId: 'r', agentId: 'bot', userId: 'ann', status: 'streaming' };

/**
 * A run message applied in the order operations are sent, as one realtime connection applies them; chosen
 * appends are lost (rejected without applying).
 */
function recordingChannel(lose: (text: string) => boolean) {
  let text = '';
  const log: string[] = [];
  const channel: RunChannel = {
    append: (_serial, piece) => {
      if (lose(piece)) {
        log.push(`lost ${piece}`);
        return Promise.reject(new Error('lost'));
      }
      text += piece;
      log.push(`append ${piece}`);
      return Promise.resolve();
    },
    update: (_serial, full, headers) => {
      text = full;
      log.push(`update ${full} (${headers.status})`);
      return Promise.resolve();
    },
  };
  return { channel, log, text: () => text };
}

describe('RunWriter', () => {
  it('appends each piece without waiting and closes with the full text and final status', async () => {
    const fake = recordingChannel(() => false);
    const writer = new RunWriter(fake.channel, 's', HEADERS);
    for (const piece of ['a', 'b', '', 'c']) writer.write(piece);
    await writer.close({ ...HEADERS, status: 'complete' });
    expect(fake.log).toEqual(['append a', 'append b', 'append c', 'update abc (complete)']);
    expect([writer.text, writer.bytes, writer.lost]).toEqual(['abc', 3, 0]);
  });

  it('repairs a lost append with a full update, so the message heals before the run closes', async () => {
    const fake = recordingChannel((piece) => piece === 'b');
    const writer = new RunWriter(fake.channel, 's', HEADERS);
    writer.write('a');
    writer.write('b');
    writer.write('c');
    await Promise.resolve();
    await Promise.resolve();
    expect(fake.text()).toBe('abc');
    expect(fake.log).toContain('update abc (streaming)');
    writer.write('d');
    await writer.close({ ...HEADERS, status: 'complete' });
    expect(fake.text()).toBe('abcd');
    expect(writer.lost).toBe(1);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const writer = new RunWriter(recordingChannel(() => false).channel, 's', HEADERS);
    writer.write('é🇩🇪');
    expect(writer.bytes).toBe(2 + 8);
  });
});
