import * as Ably from 'ably';
import { INBOX_NAMESPACE, NOTIFICATIONS_NAMESPACE, TASK_NAMESPACE } from '../ably-auth/channel-names.js';
import { roomOperationsOfEveryRole } from '../ably-auth/capabilities.js';
import { describeAblyError } from './describe-ably-error.js';

/** A clientId no user can have (user ids never contain `/`): revoking its tokens touches nobody's. */
const PROBE_CLIENT_ID = 'embedded-chat/startup-check';

/**
 * What the backend can see with its own key about whether the Ably app is set up (docs/production.md), for
 * its start-up log: push-admin (push alerts), revocable tokens (removing a participant revokes their tokens)
 * and the capability every role's token needs (Ably grants a token what its key allows of its claim). Each
 * probe changes nothing. Rules and channel rules need the Control API's token: `npm run ably-setup -- --check`
 * sees those. Resolves with one sentence per problem; throws when Ably cannot be asked at all.
 */
export async function appProblems(
  rest: Ably.Rest,
  options: { pushAlerts: boolean; inbox?: boolean },
): Promise<string[]> {
  const wanted: Record<string, string[]> = {
    [`${TASK_NAMESPACE}:*`]: roomOperationsOfEveryRole(),
    [`${NOTIFICATIONS_NAMESPACE}:*`]: options.pushAlerts ? ['publish', 'push-subscribe'] : ['push-subscribe'],
    // The backend publishes inbox updates; a user's inbox token subscribes.
    ...(options.inbox === false ? {} : { [`${INBOX_NAMESPACE}:*`]: ['publish', 'subscribe'] }),
  };
  const probes: Promise<string | undefined>[] = [
    rest.auth.requestToken({ capability: JSON.stringify(wanted), ttl: 60_000 }).then(
      (details) => lacking(wanted, JSON.parse(details.capability) as Record<string, string[]>),
      (err: unknown) => refusal(err, 40160, 'the key grants nothing of what tokens need on task:* channels'),
    ),
    rest.auth.revokeTokens([{ type: 'clientId', value: PROBE_CLIENT_ID }]).then(
      () => undefined,
      (err: unknown) =>
        refusal(
          err,
          40121,
          'the key does not have revocable tokens: removed participants would keep chatting',
        ),
    ),
  ];
  if (options.pushAlerts) {
    probes.push(
      rest.push.admin.channelSubscriptions.listChannels({ limit: 1 }).then(
        () => undefined,
        (err: unknown) => refusal(err, 40160, 'the key lacks push-admin: push alerts cannot be sent'),
      ),
    );
  }
  return (await Promise.all(probes)).filter((p): p is string => p !== undefined);
}

/** The sentence for an expected refusal; anything else means Ably could not be asked. */
function refusal(err: unknown, code: number, sentence: string): string {
  if (err instanceof Ably.ErrorInfo && err.code === code) return sentence;
  throw new Error(describeAblyError(err), { cause: err });
}

function lacking(wanted: Record<string, string[]>, granted: Record<string, string[]>): string | undefined {
  const missing = Object.entries(wanted).flatMap(([resource, ops]) => {
    const have = granted[resource] ?? [];
    const absent = have.includes('*') ? [] : ops.filter((op) => !have.includes(op));
    return absent.length > 0 ? [`${absent.join(', ')} on ${resource}`] : [];
  });
  return missing.length > 0
    ? `the key lacks ${missing.join('; ')}: tokens would be refused those`
    : undefined;
}
