import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PostgresStore } from '../../../../server/backend/store/postgres-store.js';
import { rest } from '../../../support/local-ably.js';
import { startPostgres, type TestPostgres } from '../../../support/postgres.js';
import { closeAfter, startBackend, uniqueTaskId } from '../backend-harness.js';
import {
  AGENT_NAMESPACE_RULE,
  agentTask,
  headersOf,
  startRun,
  stopRun,
  streamOutput,
} from './agent-run-harness.js';

let postgres: TestPostgres | undefined;

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

afterAll(async () => {
  await postgres?.stop();
});

describe('agent runs across backend instances', () => {
  it('stops a run streamed by one instance from another sharing its PostgreSQL store', async () => {
    const store = await PostgresStore.connect(postgres!.databaseUrl);
    closeAfter(() => store.close());
    const settings = { agentRuns: { stopPollMs: 50 }, store };
    const first = await startBackend(settings, { namespaces: [AGENT_NAMESPACE_RULE] });
    const { endpoint, port, key } = first.ably.clientOptions;
    const second = await startBackend({ ...settings, ably: { apiKey: key, endpoint, port, tls: false } });
    const task = uniqueTaskId('ticket');
    await first.createTask(task, [
      { userId: 'ann', role: 'customer' },
      { userId: 'help-bot', role: 'bot' },
    ]);
    const { run } = (await startRun(first, task)).body;
    const output = streamOutput(second, task, run);
    output.write('Checking the depot');
    // The token from the first instance sees the run the second streams.
    await vi.waitFor(async () => {
      const token = await first.requestToken({
        participantToken: first.participantToken({ userId: 'ann', task, role: 'customer' }),
      });
      expect(token.body.agentRuns).toEqual([{ run, agentId: 'help-bot', userId: 'ann' }]);
    });
    expect((await stopRun(first, task, run, 'ann')).body.status).toBe('cancelled');
    const answer = await output.answer;
    expect(answer.body).toMatchObject({ run, status: 'cancelled' });
    const message = await rest(first.ably, false)
      .channels.get(`agent:${task}`)
      .getMessage(answer.body.serial);
    expect([message.data, headersOf(message).status]).toEqual(['Checking the depot', 'cancelled']);
  });

  it('closes a run whose agent never streamed once its time to start has passed', async () => {
    const { backend, task, onAgentChannel } = await agentTask({ idleTimeoutMs: 200 });
    const { run } = (await startRun(backend, task)).body;
    await vi.waitFor(async () => {
      const token = await backend.requestToken({
        participantToken: backend.participantToken({ userId: 'ann', task, role: 'customer' }),
      });
      expect(token.body.agentRuns).toEqual([]);
    });
    await vi.waitFor(() => expect(headersOf(onAgentChannel.at(-1)!).status).toBe('failed'));
    expect(headersOf(onAgentChannel.at(-1)!)).toMatchObject({
      runId: run,
      reason: 'The agent sent no reply in time.',
    });
    expect(onAgentChannel.at(-1)!.data).toBe('');
  });
});
