import { parseArgs } from 'node:util';
import { codeRevision, machineInfo, progress, writeResult } from '../bench/bench-support.js';
import { runSoak } from './soak-run.js';

/**
 * `npm run soak [-- --minutes 10]`: the long soak (the CI one in `soak.sdk.test.ts` runs 40 s). Same checks,
 * more clients, longer; the result (with the machine) goes to `bench-results/soak.json`. Exits 1 when
 * anything was lost, doubled, reordered or discontinued, or ably-local reported an error.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string' } } });
  const minutes = Number(values.minutes ?? '10');
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error('unable to soak; --minutes must be positive');
  const publishMs = Math.round(minutes * 60_000);
  const result = await runSoak({
    publishMs,
    intervalMs: 50,
    chatPublishers: 3,
    pubsubPublishers: ['web_socket/json', 'web_socket/msgpack', 'comet'],
    subscribers: ['web_socket/json', 'web_socket/msgpack', 'comet', 'web_socket/json', 'comet'],
    dropEveryMs: [500, 2500],
    maxCut: 4,
    restartAtMs: Math.round(publishMs / 2),
    drainMs: 60_000,
    progress: (line) => progress(`soak: ${line}`),
  });
  await writeResult('soak', {
    benchmark: 'soak',
    date: new Date().toISOString(),
    machine: await machineInfo(),
    code: codeRevision(['server/ably-local', 'test/soak']),
    ...result,
  });
  const { lost, duplicated, reordered, unexpected } = result.totals;
  const failed =
    lost + duplicated + reordered + unexpected + result.discontinuities + result.serverErrors.length;
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(`soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
