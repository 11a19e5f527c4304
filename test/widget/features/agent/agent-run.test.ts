import type * as Ably from 'ably';
import { describe, expect, it } from 'vitest';
import type { AgentRunHeaders } from '../../../../server/contract/api-contract.js';
import { applyRunMessage, runHeaders, type AgentRun } from '../../../../widget/features/agent/agent-run.js';

const SERIAL = '01796423936555-001@series:000';
const HEADERS: AgentRunHeaders = { runId: 'r1', agentId: 'helpbot', userId: 'ann', status: 'streaming' };

/** Version serials in publish order. */
const v = (n: number) => `0179642393${String(6555 + n).padStart(4, '0')}-000@series:000`;

function message(
  action: Ably.MessageAction,
  data: unknown,
  version: string,
  headers: Partial<AgentRunHeaders> | null = HEADERS,
): Ably.InboundMessage {
  return {
    id: `m-${version}`,
    name: 'agent.run',
    action,
    serial: SERIAL,
    data,
    timestamp: 1_796_423_936_555,
    version: { serial: version, timestamp: 0 },
    ...(headers ? { extras: { headers: { ...HEADERS, ...headers } } } : {}),
  } as Ably.InboundMessage;
}

describe('applyRunMessage', () => {
  it('builds a run from its create, grows it with appends and closes it with the final update', () => {
    const runs = new Map<string, AgentRun>();
    const grown: string[] = [];
    expect(applyRunMessage(runs, message('message.create', '', SERIAL))?.kind).to.equal('new');
    const run = runs.get(SERIAL)!;
    run.watch((text) => grown.push(text));
    expect(run.shown).to.equal(true);
    expect(applyRunMessage(runs, message('message.append', 'Hello', v(1)))?.kind).to.equal('text');
    expect(applyRunMessage(runs, message('message.append', ' world', v(2)))?.kind).to.equal('text');
    expect(grown).to.deep.equal(['Hello', 'Hello world']);
    const end = applyRunMessage(
      runs,
      message('message.update', 'Hello world!', v(3), { status: 'complete' }),
    );
    expect(end?.kind).to.equal('status');
    expect([run.text, run.status, run.ended]).to.deep.equal(['Hello world!', 'complete', true]);
  });

  it('does not repeat an append or an update delivered again (a resume), nor go back to an older version', () => {
    const runs = new Map<string, AgentRun>();
    applyRunMessage(runs, message('message.create', '', SERIAL));
    applyRunMessage(runs, message('message.append', 'a', v(1)));
    applyRunMessage(runs, message('message.append', 'b', v(2)));
    expect(applyRunMessage(runs, message('message.append', 'b', v(2)))).to.equal(undefined);
    expect(applyRunMessage(runs, message('message.update', 'a', v(1)))).to.equal(undefined);
    expect(runs.get(SERIAL)!.text).to.equal('ab');
  });

  it('takes a full update as the whole text (first after an attach, or after a lost append)', () => {
    const runs = new Map<string, AgentRun>();
    // An attach mid-run: the combined message first, then appends after it.
    expect(applyRunMessage(runs, message('message.update', 'So far', v(4)))?.kind).to.equal('new');
    applyRunMessage(runs, message('message.append', ' and more', v(5)));
    applyRunMessage(runs, message('message.update', 'Rewritten whole', v(6)));
    expect(runs.get(SERIAL)!.text).to.equal('Rewritten whole');
    expect(runs.get(SERIAL)!.shown).to.equal(true);
  });

  it('keeps a run first seen ended out of sight, and an ended run ended', () => {
    const runs = new Map<string, AgentRun>();
    applyRunMessage(runs, message('message.update', 'Done', v(2), { status: 'complete' }));
    expect(runs.get(SERIAL)!.shown).to.equal(false);
    applyRunMessage(runs, message('message.append', '.', v(3), { status: 'streaming' }));
    expect(runs.get(SERIAL)!.status).to.equal('complete');
  });

  it('ignores an append to an unknown run, other names, bad data and bad headers, and forgets a deleted run', () => {
    const runs = new Map<string, AgentRun>();
    expect(applyRunMessage(runs, message('message.append', 'x', v(1)))).to.equal(undefined);
    expect(applyRunMessage(runs, { ...message('message.create', '', SERIAL), name: 'other' })).to.equal(
      undefined,
    );
    expect(applyRunMessage(runs, message('message.create', { text: 1 }, SERIAL))).to.equal(undefined);
    expect(
      applyRunMessage(runs, message('message.create', '', SERIAL, { status: 'weird' as never })),
    ).to.equal(undefined);
    expect(applyRunMessage(runs, message('message.create', '', SERIAL, null))).to.equal(undefined);
    expect(runs.size).to.equal(0);
    applyRunMessage(runs, message('message.create', '', SERIAL));
    applyRunMessage(runs, message('message.delete', '', v(1)));
    expect(runs.size).to.equal(0);
  });
});

describe('runHeaders', () => {
  it('keeps the well-formed fields of a run’s headers', () => {
    expect(
      runHeaders({ headers: { ...HEADERS, status: 'failed', reason: 'timeout', inReplyTo: 's1', extra: 1 } }),
    ).to.deep.equal({ ...HEADERS, status: 'failed', reason: 'timeout', inReplyTo: 's1' });
    expect(runHeaders({ headers: { ...HEADERS, userId: 3 } })).to.equal(undefined);
    expect(runHeaders(undefined)).to.equal(undefined);
  });
});
