import { performance, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createLocalAbly } from '../../server/ably-local/create-server.js';
import { startWsBaseline } from './ws-baseline-server.js';

/**
 * Child-process entry for the fan-out servers: `--kind ably-local|ws-baseline [--key K] [--max-inbound-rate N] [--rest-write-rate N]`.
 * Prints "listening on http://127.0.0.1:PORT" like server/ably-local/main.ts and exits on SIGTERM. On SIGUSR2
 * it prints `gc-pauses <json>`: every main-thread GC pause so far as [epoch ms, ms] (ChildServer.gcPauses).
 */
function recordGcPauses(): void {
  const pauses: [number, number][] = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      pauses.push([performance.timeOrigin + entry.startTime, entry.duration]);
  }).observe({ entryTypes: ['gc'] });
  process.on('SIGUSR2', () => {
    process.stdout.write(`gc-pauses ${JSON.stringify(pauses)}\n`);
  });
}

async function main(): Promise<void> {
  recordGcPauses();
  const { values } = parseArgs({
    options: {
      kind: { type: 'string' },
      key: { type: 'string' },
      'max-inbound-rate': { type: 'string' },
      'rest-write-rate': { type: 'string' },
    },
  });
  let close: () => Promise<void>;
  let port: number;
  if (values.kind === 'ably-local') {
    const server = await createLocalAbly({
      port: 0,
      keys: values.key ? [values.key] : undefined,
      realtime: values['max-inbound-rate'] ? { maxInboundRate: Number(values['max-inbound-rate']) } : {},
      ...(values['rest-write-rate'] ? { restWriteRate: Number(values['rest-write-rate']) } : {}),
    });
    ({ port, close } = { port: server.port, close: () => server.close() });
  } else if (values.kind === 'ws-baseline') {
    ({ port, close } = await startWsBaseline(0));
  } else {
    console.error(
      'usage: bench-server-main --kind ably-local|ws-baseline [--key K] [--max-inbound-rate N] [--rest-write-rate N]',
    );
    process.exit(2);
  }
  console.log(`${values.kind} listening on http://127.0.0.1:${port}`);
  process.once('SIGTERM', () => {
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('bench server: unable to close', err);
        process.exit(1);
      },
    );
  });
}

main().catch((err: unknown) => {
  console.error(`bench server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
