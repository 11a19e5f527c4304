import { writeAgentPaintBench } from './agent-paint-bench.js';
import { runAblyLocalBench } from './ably-local-bench.js';
import { runAgentBench } from './agent-bench.js';
import { runAttachmentsBench } from './attachments-bench.js';
import { writeResult } from './bench-support.js';
import { runChatBench } from './chat-bench.js';
import { runInboxBench } from './inbox-bench.js';
import { runLoadBench } from './load-bench.js';
import { runModerationBench } from './moderation-bench.js';
import { runPushBench } from './push-bench.js';
import { runTokensBench } from './tokens-bench.js';
import { runWidgetBench } from './widget-bench.js';
import { runWorstCaseBench } from './worst-case-bench.js';

/** `npm run bench -- <name>`: one entry per benchmark. */
const BENCHMARKS = new Map<string, () => Promise<void>>([
  ['agent-paint', writeAgentPaintBench],
  ['ably-local', runAblyLocalBench],
  [
    'agent',
    // Through the backend to a raw subscriber (agent.json), then painted in the element (agent-paint.json).
    async () => {
      await runAgentBench();
      await writeAgentPaintBench();
    },
  ],
  ['attachments', runAttachmentsBench],
  ['chat', runChatBench],
  ['inbox', runInboxBench],
  ['load', runLoadBench],
  ['moderation', runModerationBench],
  ['push', runPushBench],
  [
    'tokens',
    async () => {
      await writeResult('tokens', await runTokensBench());
    },
  ],
  ['widget', runWidgetBench],
  ['worst-case', runWorstCaseBench],
]);

const USAGE = `usage: npm run bench -- <${[...BENCHMARKS.keys()].join('|')}>`;

const name = process.argv[2];
const bench = name === undefined ? undefined : BENCHMARKS.get(name);
if (!bench) {
  console.error(name === undefined ? USAGE : `unknown benchmark ${JSON.stringify(name)}\n${USAGE}`);
  process.exit(2);
}
bench().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
