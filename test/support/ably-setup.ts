import type { LocalAbly } from '../../server/ably-local/create-server.js';
import { ablyApp, type AblyAppInputs } from '../../server/ably-setup/ably-app.js';
import { ControlApi, fetchTransport } from '../../server/ably-setup/control-api.js';
import { runAblySetup } from '../../server/ably-setup/run-setup.js';

/**
 * Configures an ably-local as `npm start` and a production deploy do: `npm run ably-setup`'s description
 * applied through the Control API, the backend's key being the server's first. Throws when something is off.
 */
export async function applyAblySetup(ably: LocalAbly, inputs: AblyAppInputs): Promise<void> {
  const lines: string[] = [];
  const key = ably.keys[0]!;
  const outcome = await runAblySetup({
    api: new ControlApi(fetchTransport(ably.control.url, ably.control.token), key.appId),
    app: ablyApp(inputs),
    mode: 'apply',
    apiKeyName: key.keyName,
    print: (line) => lines.push(line),
  });
  if (outcome.problems > 0) throw new Error(`unable to set up ably-local:\n${lines.join('\n')}`);
}
