import { Router } from 'express';
import type { Logger } from 'pino';
import { TokenRevoker } from '../ably-admin/token-revoker.js';
import { createSigningKey, MAX_ABLY_TOKEN_TTL_SECONDS } from '../ably-auth/ably-jwt.js';
import { widgetClientOptions, type AblySettings } from '../ably-auth/ably-settings.js';
import { errorMiddleware } from '../errors.js';
import { createLogger } from '../logger.js';
import { createPushAlerts, type PushOptions } from '../push/push-options.js';
import { ParticipantTokenVerifier } from '../participants/participant-token.js';
import { UserTokenVerifier } from '../participants/user-token.js';
import { createRestClient } from '../ably-admin/rest-client.js';
import { InboxPublisher } from '../inbox/inbox-publisher.js';
import { InboxService } from '../inbox/inbox-service.js';
import { addInboxRoute } from './inbox-route.js';
import { DEFAULT_WORDS } from '../moderation/default-words.js';
import { ModerationService } from '../moderation/moderation-service.js';
import { defaultPolicyTable, type PolicyTable } from '../moderation/policy-table.js';
import { compileWordList } from '../moderation/word-list.js';
import { ReadStateService } from '../read-state/read-state-service.js';
import type { Store } from '../store/store.js';
import { TaskService } from '../tasks/task-service.js';
import { TokenIssuer } from '../tokens/token-issuer.js';
import { HistoryReader } from '../transcripts/history-reader.js';
import type { IdentifyHook } from './identify.js';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './rate-limits.js';
import { requestLog } from './request-log.js';
import { addReadStateRoutes } from './read-state-route.js';
import { addModerationRoute } from './moderation-route.js';
import { addTaskEventRoutes } from './task-events-route.js';
import { addTasksRoutes } from './tasks-route.js';
import { addTokenRoute } from './token-route.js';
import { addTranscriptRoute } from './transcript-route.js';
import { addWebhookRoute } from './webhook-route.js';
import { addAttachmentsRoutes } from './attachments-route.js';
import { addAgentRunRoutes, addAgentRunStopRoute } from './agent-runs-route.js';
import { createAgentRuns, type AgentRunSettings } from '../agent-runs/create-agent-runs.js';
import { createAttachments, type AttachmentOptions } from '../attachments/create-attachments.js';
import { webhookKeys } from '../push/webhook-signature.js';

/** Options of {@link createChatRouter}. */
export interface ChatRouterOptions {
  /** Tasks and participants; see `SqliteStore`, `PostgresStore`, `createStore`. */
  store: Store;
  /** The Ably (cloud or ably-local) to sign tokens for and to revoke them on. */
  ably: AblySettings;
  /** Secret shared with the host backend to verify participant tokens; omit to accept only `identify`. */
  embedSecret?: string;
  /** Bearer secret of the tasks API (and transcripts); omit to leave the tasks API unmounted. */
  serverSecret?: string;
  /**
   * Bearer secret a before-publish moderation rule sends to `POST /moderation` (ably-local's rule or Ably's
   * custom webhook rule); omit to leave the moderation endpoint unmounted.
   */
  moderationSecret?: string;
  /** What `POST /moderation` decides with; see {@link ModerationOptions}. */
  moderation?: ModerationOptions;
  /** Reads the host's own session instead of a participant token. */
  identify?: IdentifyHook;
  /** Origins whose pages may call `POST /token` and `/read-state` from the browser (`*` for any). Default: none. */
  allowedOrigins?: readonly string[];
  /** Lifetime of issued Ably tokens in seconds; default and maximum 3600. */
  tokenTtlSeconds?: number;
  /**
   * Limits of the browser routes; default per minute: 300 per IP for each route, 30 tokens and 120 read-state
   * requests per user.
   */
  rateLimits?: Partial<RateLimitSettings>;
  /** Default: a pino logger on stdout with the backend's redaction. */
  logger?: Logger;
  /** Clock seam for tests (epoch ms). */
  now?: () => number;
  /** Push alerts for offline participants, the webhook receiver and the bot/agent API (default: on). */
  push?: PushOptions;
  /** Photos and files in task chats (docs/backend.md §7); omit to take none. */
  attachments?: AttachmentOptions;
  /** Limits of agent runs (docs/backend.md §8); mounted with the bot and agent API (push on). */
  agentRuns?: Partial<AgentRunSettings>;
  /**
   * The inbox (docs/backend.md §9): every task a user belongs to, live, with unread counts — `POST /inbox`, user
   * tokens without a task, and the index the `channel.message` webhook keeps. Default true.
   */
  inbox?: boolean;
}

export type { AttachmentOptions } from '../attachments/create-attachments.js';

/** The policies of `POST /moderation`. */
export interface ModerationOptions {
  /**
   * Task type → policy (or `null`: not moderated), merged over the built-in table (docs/backend.md §5);
   * `*` is every type not named. Build policies from `builtInPolicies(words)` or the `Policy` fields.
   */
  policies?: PolicyTable;
  /** Words and phrases the built-in policies refuse; default `DEFAULT_WORDS`. */
  words?: readonly string[];
}

/**
 * The backend's routes as one Express router: `POST /token`, `POST|PUT /read-state`, `POST /inbox`,
 * `POST /webhooks/ably` (push alerts, attachments and the inbox's index), with `moderationSecret` `POST /moderation`, and with `serverSecret` the tasks API under
 * `/tasks` (transcripts, bot messages and agent events included). Carries its own body parsing and error middleware, so errors keep the backend's JSON shape
 * wherever it is mounted.
 * @example
 * app.use('/chat', createChatRouter({
 *   store: new SqliteStore('.data/embedded-chat.sqlite'),
 *   ably: { apiKey: process.env.ABLY_API_KEY! },
 *   identify: (req) => (req.session?.user ? { userId: req.session.user.id, name: req.session.user.name } : undefined),
 * }));
 * // the widget's token-url is then https://host.example/chat/token (read state: /chat/read-state)
 */
export function createChatRouter(options: ChatRouterOptions): Router {
  if (!options.embedSecret && !options.identify) {
    throw new TypeError('unable to create chat router; give embedSecret, identify or both');
  }
  if (
    options.moderationSecret !== undefined &&
    [options.embedSecret, options.serverSecret].includes(options.moderationSecret)
  ) {
    // The moderation secret sits in an integration rule (Ably's dashboard): it must open nothing else.
    throw new TypeError('unable to create chat router; moderationSecret must differ from the other secrets');
  }
  const ttlSeconds = options.tokenTtlSeconds ?? MAX_ABLY_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 10 || ttlSeconds > MAX_ABLY_TOKEN_TTL_SECONDS) {
    throw new RangeError(
      `unable to create chat router; tokenTtlSeconds must be 10–${MAX_ABLY_TOKEN_TTL_SECONDS}`,
    );
  }
  const logger = options.logger ?? createLogger();
  const now = options.now ?? Date.now;
  const table = {
    ...defaultPolicyTable(compileWordList(options.moderation?.words ?? DEFAULT_WORDS)),
    ...options.moderation?.policies,
  };
  const attachments =
    options.attachments &&
    createAttachments(options.attachments, options.store, {
      logger,
      now,
      // File names pass the task type's moderation policy wherever messages do.
      ...(options.moderationSecret ? { moderation: table } : {}),
    });
  const push = createPushAlerts(options, logger, now);
  const agentRuns = push && createAgentRuns(options, push, logger, now);
  const issuer = new TokenIssuer({
    store: options.store,
    signingKey: createSigningKey(options.ably.apiKey),
    clientOptions: widgetClientOptions(options.ably),
    ttlSeconds,
    ...(attachments ? { attachmentLimits: (task, role) => attachments.service.limitsFor(task, role) } : {}),
    ...(agentRuns ? { liveAgentRuns: (task) => agentRuns.live(task) } : {}),
    now,
  });
  const router = Router();
  router.use(requestLog(logger));
  const inbox =
    options.inbox === false
      ? undefined
      : new InboxService(
          options.store,
          new InboxPublisher(
            // JSON: ably-js encodes a 50-channel batch in about 60 % of the CPU msgpack takes (the rows are JSON).
            createRestClient(options.ably, undefined, { useBinaryProtocol: false }),
          ),
          logger,
          now,
        );
  const browserRoutes = {
    ...(options.embedSecret
      ? {
          verifier: new ParticipantTokenVerifier(options.embedSecret, now),
          userVerifier: new UserTokenVerifier(options.embedSecret, now),
        }
      : {}),
    ...(options.identify ? { identify: options.identify } : {}),
    allowedOrigins: options.allowedOrigins ?? [],
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...options.rateLimits },
  };
  addTokenRoute(router, {
    ...browserRoutes,
    issuer,
    attachments: attachments !== undefined,
    inbox: inbox !== undefined,
  });
  if (attachments) addAttachmentsRoutes(router, { ...browserRoutes, ...attachments });
  addReadStateRoutes(router, {
    ...browserRoutes,
    service: new ReadStateService(options.store, now, inbox),
  });
  if (agentRuns) addAgentRunStopRoute(router, { ...browserRoutes, service: agentRuns });
  if (inbox) addInboxRoute(router, { ...browserRoutes, service: inbox });
  if (push || attachments || inbox) {
    addWebhookRoute(router, {
      ...(push ? { alerts: push.alerts, presence: push.presence } : {}),
      ...(attachments ? { sweeper: attachments.sweeper } : {}),
      ...(inbox ? { inbox } : {}),
      keys: push?.webhookKeys ?? webhookKeys(options.push?.webhookSigningKeys ?? [options.ably.apiKey]),
      logger,
    });
  }
  if (options.moderationSecret) {
    addModerationRoute(router, new ModerationService(options.store, table, now), options.moderationSecret);
  }
  if (options.serverSecret) {
    const service = new TaskService(options.store, new TokenRevoker(options.ably), now, inbox);
    addTasksRoutes(router, service, options.serverSecret);
    addTranscriptRoute(router, {
      store: options.store,
      history: new HistoryReader(options.ably),
      logger,
      now,
    });
    if (push) addTaskEventRoutes(router, push.alerts);
    if (agentRuns) addAgentRunRoutes(router, agentRuns);
  }
  router.use(errorMiddleware(logger));
  return router;
}
