import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../../server/backend/store/store.js';
import { StoreImplementations } from './store-implementations.js';

const stores = new StoreImplementations();
beforeAll(() => stores.start(), 60_000);
afterAll(() => stores.stop());

/** The Store's agent-run contract (docs/backend.md §8): both implementations answer exactly alike. */
describe.each(stores.list)('$name agent runs', ({ name }) => {
  const open = (): Promise<Store> => stores.open(name);

  async function taskWithRun(store: Store, at = 1000, lease = 31_000) {
    const taskId = `order:${randomBytes(4).toString('hex')}`;
    await store.upsertTask({ id: taskId, type: 'order', title: 'Order', url: null }, at);
    const runId = randomUUID();
    await store.agentRuns.createAgentRun({
      runId,
      taskId,
      agentId: 'help-bot',
      userId: 'ann',
      serial: '01700000000000-000@abc:000',
      leaseUntil: lease,
      createdAt: at,
    });
    return { taskId, runId };
  }

  it('keeps a new run streaming, unclaimed and open, and lists it live for its task', async () => {
    const store = await open();
    const { taskId, runId } = await taskWithRun(store);
    const run = await store.agentRuns.getAgentRun(runId);
    expect(run).toEqual({
      runId,
      taskId,
      agentId: 'help-bot',
      userId: 'ann',
      serial: '01700000000000-000@abc:000',
      status: 'streaming',
      outputStarted: false,
      closed: false,
      leaseUntil: 31_000,
      createdAt: 1000,
    });
    expect((await store.agentRuns.liveAgentRuns(taskId)).map((r) => r.runId)).toEqual([runId]);
    expect(await store.agentRuns.getAgentRun(randomUUID())).toBeUndefined();
  });

  it('lets exactly one caller claim the output of a streaming run', async () => {
    const store = await open();
    const { runId } = await taskWithRun(store);
    const claims = await Promise.all([
      store.agentRuns.claimAgentRunOutput(runId, 50_000),
      store.agentRuns.claimAgentRunOutput(runId, 50_000),
    ]);
    expect(claims.map((c) => c.claimed).sort()).toEqual([false, true]);
    expect(claims[0]!.run).toMatchObject({ outputStarted: true, leaseUntil: 50_000 });
    expect(await store.agentRuns.claimAgentRunOutput(randomUUID(), 1)).toEqual({ claimed: false });
  });

  it('ends a run once: a later end keeps the first status, and it leaves the live list', async () => {
    const store = await open();
    const { taskId, runId } = await taskWithRun(store);
    const stopped = await store.agentRuns.endAgentRun(runId, { status: 'cancelled' }, 2000);
    expect(stopped).toMatchObject({ ended: true, run: { status: 'cancelled', endedAt: 2000 } });
    const late = await store.agentRuns.endAgentRun(runId, { status: 'failed', reason: 'idle' }, 3000);
    expect(late.ended).toBe(false);
    expect(late.run).toMatchObject({ status: 'cancelled', endedAt: 2000 });
    expect(late.run?.reason).toBeUndefined();
    expect(await store.agentRuns.liveAgentRuns(taskId)).toEqual([]);
    expect(await store.agentRuns.claimAgentRunOutput(runId, 9000)).toMatchObject({ claimed: false });
    expect(await store.agentRuns.agentRunStatuses([runId, randomUUID()])).toEqual(
      new Map([[runId, 'cancelled']]),
    );
  });

  it('keeps the reason of a failed run and the reply of a completed one', async () => {
    const store = await open();
    const { runId: failed } = await taskWithRun(store);
    await store.agentRuns.endAgentRun(failed, { status: 'failed', reason: 'too large' }, 2000);
    expect(await store.agentRuns.getAgentRun(failed)).toMatchObject({
      status: 'failed',
      reason: 'too large',
    });
    const { runId: done } = await taskWithRun(store);
    await store.agentRuns.endAgentRun(done, { status: 'complete' }, 2000);
    await store.agentRuns.markAgentRunClosed(done, '01700000000001-000@abc:000');
    expect(await store.agentRuns.getAgentRun(done)).toMatchObject({
      closed: true,
      replySerial: '01700000000001-000@abc:000',
    });
  });

  it('reports runs not closed past their lease as lost until they are closed, renewals included', async () => {
    const store = await open();
    const { runId: a } = await taskWithRun(store, 1000, 10_000);
    const { runId: b } = await taskWithRun(store, 1000, 20_000);
    const lost = async (now: number) =>
      (await store.agentRuns.lostAgentRuns(now, 100))
        .map((r) => r.runId)
        .filter((id) => id === a || id === b);
    expect(await lost(15_000)).toEqual([a]);
    await store.agentRuns.renewAgentRunLeases([a], 30_000);
    expect(await lost(25_000)).toEqual([b]);
    await store.agentRuns.markAgentRunClosed(b);
    expect(await lost(40_000)).toEqual([a]);
    await store.agentRuns.renewAgentRunLeases([], 1);
  });
});
