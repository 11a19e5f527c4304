/**
 * The backend's configuration, the ONLY place that reads environment variables (docs/architecture.md §9). Every variable
 * is listed in docs/configuration.md. Without `ABLY_API_KEY` the backend talks to ably-local on 127.0.0.1:8081 with
 * ably-local's key, `ABLY_LOCAL_KEY` (required then: ably-local has no published key to fall back on); with
 * it, to Ably's cloud (or to `ABLY_ENDPOINT` when that is set too).
 *
 * One file although it passes 400 lines: the whole environment is one zod schema read in one pass, so a variable
 * can be found by name in one place and the docs check compares this file's reads with docs/configuration.md.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MAX_ABLY_TOKEN_TTL_SECONDS } from './ably-auth/ably-jwt.js';
import { parseApiKey, type AblySettings } from './ably-auth/ably-settings.js';
import { ROLES, type Role } from './ably-auth/capabilities.js';
import {
  DEFAULT_PRESENCE_TTL_SECONDS,
  PUSH_PRESENCE_MODES,
  type PushPresenceMode,
} from './presence/task-presence.js';
import type { PushOptions } from './push/push-options.js';
import { DEFAULT_AGENT_RUN_SETTINGS } from './agent-runs/agent-run-service.js';
import type { RateLimitSettings } from './routes/rate-limits.js';
import type { StoreOptions } from './store/create-store.js';
import { DEFAULT_MAX_BYTES } from './attachments/attachment-policy.js';
import type { StorageOptions } from './attachments/create-storage.js';
import { DEFAULT_MAX_PIXELS } from './attachments/image-encoding.js';

/** `a, b,,c` → `['a', 'b', 'c']`: the form of every list setting. */
const commaList = (list: string): string[] =>
  list
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `<repo>/dist`, where `npm run build` writes the element; served by default when it exists. */
export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

const MIN_SECRET_LENGTH = 32;

const port = (name: string) =>
  z.coerce
    .number()
    .int(`${name} must be a whole number`)
    .min(0)
    .max(65535, `${name} must be a port (0–65535)`);

const positiveInt = (name: string) =>
  z.coerce.number().int(`${name} must be a whole number`).positive(`${name} must be positive`);

const secret = (name: string) =>
  z
    .string({
      error: `${name} is required (at least ${MIN_SECRET_LENGTH} characters; e.g. \`openssl rand -hex 32\`)`,
    })
    .min(MIN_SECRET_LENGTH, `${name} must be at least ${MIN_SECRET_LENGTH} characters`);

const bool = (name: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` })
    .transform((v) => v === 'true' || v === '1');

const origin = z.string().refine((value) => {
  if (value === '*') return true;
  try {
    return new URL(value).origin === value;
  } catch {
    return false; // not a URL at all: reported by the refinement message
  }
}, 'ALLOWED_ORIGINS entries must be origins such as https://shop.example (no path or trailing slash) or *');

const httpUrl = (name: string, example: string) =>
  z
    .string({ error: `${name} is required (e.g. ${example})` })
    .refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false; // not a URL at all: reported by the refinement message
      }
    }, `${name} must be an http(s) URL such as ${example}`)
    .transform((value) => value.replace(/\/+$/, ''));

/** Ably's Control API, unless `ABLY_CONTROL_URL` points elsewhere (ably-local: `http://127.0.0.1:8081/v1`). */
export const DEFAULT_CONTROL_URL = 'https://control.ably.net/v1';

/**
 * Every variable the backend reads, and those `npm run ably-setup` reads with them (the backend ignores
 * `ABLY_CONTROL_*` and `ABLY_APP_ID`); docs/configuration.md lists each (the docs check holds it to this).
 */
export const envSchema = z
  .object({
    PORT: port('PORT').default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    EMBED_SECRET: secret('EMBED_SECRET'),
    SERVER_SECRET: secret('SERVER_SECRET'),
    MODERATION_SECRET: secret('MODERATION_SECRET').optional(),
    MODERATION_WORDS_FILE: z
      .string()
      .min(1)
      .transform((file) => resolve(file))
      .optional(),
    ABLY_API_KEY: z.string().refine(isApiKey, 'ABLY_API_KEY must look like appId.keyId:secret').optional(),
    ABLY_LOCAL_KEY: z
      .string()
      .refine(isApiKey, 'ABLY_LOCAL_KEY must look like appId.keyId:secret')
      .optional(),
    ABLY_ENDPOINT: z.string().min(1).optional(),
    ABLY_PORT: port('ABLY_PORT').optional(),
    ABLY_TLS: bool('ABLY_TLS').optional(),
    ABLY_PUBLIC_ENDPOINT: z.string().min(1).optional(),
    ABLY_PUBLIC_PORT: port('ABLY_PUBLIC_PORT').optional(),
    ALLOWED_ORIGINS: z.string().default('').transform(commaList).pipe(z.array(origin)),
    TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(10, 'TOKEN_TTL_SECONDS must be at least 10')
      .max(MAX_ABLY_TOKEN_TTL_SECONDS, `TOKEN_TTL_SECONDS must be at most ${MAX_ABLY_TOKEN_TTL_SECONDS}`)
      .default(MAX_ABLY_TOKEN_TTL_SECONDS),
    RATE_LIMIT_WINDOW_MS: positiveInt('RATE_LIMIT_WINDOW_MS').default(60_000),
    RATE_LIMIT_PER_IP: positiveInt('RATE_LIMIT_PER_IP').default(300),
    RATE_LIMIT_PER_USER: positiveInt('RATE_LIMIT_PER_USER').default(30),
    RATE_LIMIT_READ_STATE_PER_USER: positiveInt('RATE_LIMIT_READ_STATE_PER_USER').default(120),
    RATE_LIMIT_ATTACHMENTS_PER_USER: positiveInt('RATE_LIMIT_ATTACHMENTS_PER_USER').default(240),
    RATE_LIMIT_INBOX_PER_USER: positiveInt('RATE_LIMIT_INBOX_PER_USER').default(120),
    ATTACHMENTS: z
      .enum(['disk', 's3', 'off'], { error: 'ATTACHMENTS must be disk, s3 or off' })
      .default('disk'),
    ATTACHMENTS_DIR: z
      .string()
      .min(1)
      .default('.data/attachments')
      .transform((dir) => resolve(dir)),
    ATTACHMENT_MAX_BYTES: positiveInt('ATTACHMENT_MAX_BYTES').default(DEFAULT_MAX_BYTES),
    ATTACHMENT_MAX_PIXELS: positiveInt('ATTACHMENT_MAX_PIXELS').default(DEFAULT_MAX_PIXELS),
    S3_BUCKET: z.string().min(3, 'S3_BUCKET must be a bucket name').optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'S3_ENDPOINT must be an http(s) URL' }).optional(),
    S3_FORCE_PATH_STYLE: bool('S3_FORCE_PATH_STYLE').default(false),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
      .optional(),
    SQLITE_PATH: z.string().min(1).default('.data/embedded-chat.sqlite'),
    WIDGET_DIR: z
      .string()
      .min(1)
      .transform((dir) => resolve(dir))
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    PUSH_ALERTS: bool('PUSH_ALERTS').default(true),
    INBOX: bool('INBOX').default(true),
    PUSH_ALERT_WINDOW_SECONDS: z.coerce
      .number()
      .int('PUSH_ALERT_WINDOW_SECONDS must be a whole number')
      .min(0, 'PUSH_ALERT_WINDOW_SECONDS must be 0 or more')
      .default(60),
    PUSH_PREVIEW_LENGTH: z.coerce
      .number()
      .int()
      .min(10, 'PUSH_PREVIEW_LENGTH must be 10–1000')
      .max(1000, 'PUSH_PREVIEW_LENGTH must be 10–1000')
      .default(120),
    PUSH_OPT_OUT_ROLES: z
      .string()
      .default('observer,bot')
      .transform((list) => (list.trim() === 'none' ? [] : commaList(list)))
      .pipe(
        z.array(
          z.enum(ROLES, { error: `PUSH_OPT_OUT_ROLES entries must be roles (${ROLES.join(', ')}) or none` }),
        ),
      ),
    PUSH_PRESENCE: z
      .enum(PUSH_PRESENCE_MODES, { error: `PUSH_PRESENCE must be ${PUSH_PRESENCE_MODES.join(' or ')}` })
      .default('webhook'),
    PUSH_PRESENCE_TTL_SECONDS: positiveInt('PUSH_PRESENCE_TTL_SECONDS').default(DEFAULT_PRESENCE_TTL_SECONDS),
    AGENT_RUN_IDLE_TIMEOUT_SECONDS: positiveInt('AGENT_RUN_IDLE_TIMEOUT_SECONDS')
      .max(3600, 'AGENT_RUN_IDLE_TIMEOUT_SECONDS must be 1–3600')
      .default(DEFAULT_AGENT_RUN_SETTINGS.idleTimeoutMs / 1000),
    AGENT_RUN_MAX_BYTES: positiveInt('AGENT_RUN_MAX_BYTES')
      .max(60_000, 'AGENT_RUN_MAX_BYTES must be 1–60000 (an Ably message holds 64 KiB)')
      .default(DEFAULT_AGENT_RUN_SETTINGS.maxBytes),
    WEBHOOK_SIGNING_KEYS: z
      .string()
      .transform(commaList)
      .pipe(
        z.array(
          z.string().refine(isApiKey, 'WEBHOOK_SIGNING_KEYS entries must look like appId.keyId:secret'),
        ),
      )
      .optional(),
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d+)$/, 'TRUST_PROXY must be true, false or a number of proxy hops')
      .transform((v) => (v === 'true' ? true : v === 'false' ? false : Number(v)))
      .default(false),
    PUBLIC_URL: httpUrl('PUBLIC_URL', 'https://chat.example.com').optional(),
    ABLY_CONTROL_TOKEN: z.string().min(1).optional(),
    ABLY_CONTROL_URL: httpUrl('ABLY_CONTROL_URL', DEFAULT_CONTROL_URL).optional(),
    ABLY_APP_ID: z
      .string()
      .regex(/^[^.:\s/]+$/, 'ABLY_APP_ID must be an app id such as 28GY6a')
      .optional(),
  })
  .refine((env) => env.EMBED_SECRET !== env.SERVER_SECRET, {
    message: 'EMBED_SECRET and SERVER_SECRET must differ',
    path: ['SERVER_SECRET'],
  })
  .refine(
    (env) =>
      env.MODERATION_SECRET === undefined ||
      ![env.EMBED_SECRET, env.SERVER_SECRET].includes(env.MODERATION_SECRET),
    {
      message: 'MODERATION_SECRET must differ from EMBED_SECRET and SERVER_SECRET',
      path: ['MODERATION_SECRET'],
    },
  )
  .refine((env) => env.ATTACHMENTS !== 's3' || env.S3_BUCKET !== undefined, {
    message: 'S3_BUCKET is required with ATTACHMENTS=s3',
    path: ['S3_BUCKET'],
  })
  .refine((env) => (env.S3_ACCESS_KEY_ID === undefined) === (env.S3_SECRET_ACCESS_KEY === undefined), {
    message:
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or neither: the AWS SDK finds credentials)',
    path: ['S3_ACCESS_KEY_ID'],
  })
  .refine((env) => env.ABLY_API_KEY !== undefined || env.ABLY_LOCAL_KEY !== undefined, {
    message:
      'ABLY_API_KEY is required (your Ably key), or ABLY_LOCAL_KEY for ably-local on 127.0.0.1:8081 ' +
      '(the key ably-local uses; it says at start where it keeps it, e.g. .data/ably-local.sqlite.key)',
    path: ['ABLY_API_KEY'],
  })
  .refine(
    (env) =>
      env.ABLY_ENDPOINT !== undefined ||
      env.ABLY_API_KEY === undefined ||
      [env.ABLY_PORT, env.ABLY_TLS, env.ABLY_PUBLIC_ENDPOINT, env.ABLY_PUBLIC_PORT].every(
        (v) => v === undefined,
      ),
    {
      message: 'ABLY_PORT, ABLY_TLS and ABLY_PUBLIC_* need ABLY_ENDPOINT when ABLY_API_KEY is set',
      path: ['ABLY_ENDPOINT'],
    },
  );

function isApiKey(key: string): boolean {
  try {
    parseApiKey(key);
    return true;
  } catch {
    return false; // the refinement reports it
  }
}

/** The validated configuration. */
export interface Config {
  port: number;
  host: string;
  embedSecret: string;
  serverSecret: string;
  /** Mounts `POST /api/moderation` for a moderation rule that sends it as a Bearer secret. */
  moderationSecret?: string;
  /** Absolute path of a word list (one word or phrase per line) replacing the built-in one. */
  moderationWordsFile?: string;
  ably: AblySettings;
  allowedOrigins: string[];
  tokenTtlSeconds: number;
  rateLimits: RateLimitSettings;
  store: StoreOptions;
  /** Absolute path of the built element (`dist/`), served at `/embedded-chat.js`; unset → not served. */
  widgetDir?: string;
  logLevel: string;
  trustProxy: boolean | number;
  push: PushOptions;
  /** Limits of agent runs (with push on). */
  agentRuns: { idleTimeoutMs: number; maxBytes: number };
  /** Photos and files in task chats; undefined with `ATTACHMENTS=off`. */
  attachments?: AttachmentsConfig;
  /** The backend's public base URL, where Ably's integration rules reach it (used by `npm run ably-setup`). */
  publicUrl?: string;
  /** The inbox (`POST /api/inbox`, user tokens without a task, the index the message webhook keeps). */
  inbox: boolean;
}

/** Where files are kept and the limits of the built-in policies. */
export interface AttachmentsConfig {
  storage: StorageOptions;
  maxBytes: number;
  maxPixels: number;
}

/** Thrown by {@link loadConfig} with one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`unable to start; invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment; throws ConfigError listing every problem. `exists` is a seam for the
 * one file-system question: whether the default widget directory is there.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  exists: (path: string) => boolean = existsSync,
): Config {
  const e = parseEnv(envSchema, env);
  return {
    port: e.PORT,
    host: e.HOST,
    embedSecret: e.EMBED_SECRET,
    serverSecret: e.SERVER_SECRET,
    ...(e.MODERATION_SECRET === undefined ? {} : { moderationSecret: e.MODERATION_SECRET }),
    ...(e.MODERATION_WORDS_FILE === undefined ? {} : { moderationWordsFile: e.MODERATION_WORDS_FILE }),
    ably: ablySettings(e),
    allowedOrigins: e.ALLOWED_ORIGINS,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    rateLimits: {
      windowMs: e.RATE_LIMIT_WINDOW_MS,
      perIp: e.RATE_LIMIT_PER_IP,
      perUser: e.RATE_LIMIT_PER_USER,
      readStatePerUser: e.RATE_LIMIT_READ_STATE_PER_USER,
      attachmentsPerUser: e.RATE_LIMIT_ATTACHMENTS_PER_USER,
      inboxPerUser: e.RATE_LIMIT_INBOX_PER_USER,
    },
    store: { sqlitePath: e.SQLITE_PATH, ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}) },
    ...widgetDir(e.WIDGET_DIR, exists),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    push: {
      enabled: e.PUSH_ALERTS,
      alertWindowSeconds: e.PUSH_ALERT_WINDOW_SECONDS,
      previewLength: e.PUSH_PREVIEW_LENGTH,
      optOutRoles: e.PUSH_OPT_OUT_ROLES as Role[],
      presence: e.PUSH_PRESENCE,
      presenceTtlSeconds: e.PUSH_PRESENCE_TTL_SECONDS,
      ...(e.WEBHOOK_SIGNING_KEYS ? { webhookSigningKeys: e.WEBHOOK_SIGNING_KEYS } : {}),
    },
    agentRuns: { idleTimeoutMs: e.AGENT_RUN_IDLE_TIMEOUT_SECONDS * 1000, maxBytes: e.AGENT_RUN_MAX_BYTES },
    ...attachmentsConfig(e),
    ...(e.PUBLIC_URL === undefined ? {} : { publicUrl: e.PUBLIC_URL }),
    inbox: e.INBOX,
  };
}

/** Validates the non-empty variables against `schema`; a ConfigError lists every problem. */
function parseEnv<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.output<T> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) =>
        issue.message.includes(String(issue.path[0] ?? ''))
          ? issue.message
          : `${String(issue.path[0])}: ${issue.message}`,
      ),
    );
  }
  return parsed.data;
}

const fields = envSchema.shape;

/** ably-setup's variables, the same definitions as the backend's, with what the setup cannot do without. */
const setupSchema = z
  .object({
    ABLY_CONTROL_TOKEN: z
      .string({
        error:
          'ABLY_CONTROL_TOKEN is required: an Ably Control API access token (Ably dashboard → My Access Tokens)',
      })
      .min(1),
    ABLY_CONTROL_URL: fields.ABLY_CONTROL_URL.unwrap().default(DEFAULT_CONTROL_URL),
    ABLY_APP_ID: fields.ABLY_APP_ID,
    ABLY_API_KEY: fields.ABLY_API_KEY,
    PUBLIC_URL: fields.PUBLIC_URL.unwrap(),
    MODERATION_SECRET: fields.MODERATION_SECRET,
    PUSH_ALERTS: fields.PUSH_ALERTS,
    ATTACHMENTS: fields.ATTACHMENTS,
    INBOX: fields.INBOX,
    PUSH_PRESENCE: fields.PUSH_PRESENCE,
  })
  .refine((env) => env.ABLY_APP_ID !== undefined || env.ABLY_API_KEY !== undefined, {
    message: 'ABLY_APP_ID is required when ABLY_API_KEY is not set (the app to set up)',
    path: ['ABLY_APP_ID'],
  })
  .refine(
    (env) =>
      env.ABLY_APP_ID === undefined ||
      env.ABLY_API_KEY === undefined ||
      env.ABLY_API_KEY.startsWith(`${env.ABLY_APP_ID}.`),
    { message: 'ABLY_APP_ID is not the app of ABLY_API_KEY', path: ['ABLY_APP_ID'] },
  );

/** What `npm run ably-setup` works with (docs/production.md); no secret of it is ever printed. */
export interface AblySetupConfig {
  /** The Control API's base URL. */
  controlUrl: string;
  controlToken: string;
  appId: string;
  /** `appId.keyId` of `ABLY_API_KEY`, the backend's key, when it is set. */
  apiKeyName?: string;
  publicUrl: string;
  moderationSecret?: string;
  pushAlerts: boolean;
  /** Attachments on (`ATTACHMENTS` other than `off`): the backend needs the room messages to link files. */
  attachments: boolean;
  /** The inbox on (`INBOX`): the backend needs the room messages and publishes on `inbox:*`. */
  inbox: boolean;
  pushPresence: PushPresenceMode;
}

/** Reads and validates ably-setup's variables; throws ConfigError listing every problem. */
export function loadAblySetupConfig(env: Record<string, string | undefined> = process.env): AblySetupConfig {
  const e = parseEnv(setupSchema, env);
  const apiKeyName = e.ABLY_API_KEY === undefined ? undefined : parseApiKey(e.ABLY_API_KEY).keyName;
  return {
    controlUrl: e.ABLY_CONTROL_URL,
    controlToken: e.ABLY_CONTROL_TOKEN,
    // The schema guarantees one of the two.
    appId: e.ABLY_APP_ID ?? apiKeyName!.split('.')[0]!,
    ...(apiKeyName === undefined ? {} : { apiKeyName }),
    publicUrl: e.PUBLIC_URL,
    ...(e.MODERATION_SECRET === undefined ? {} : { moderationSecret: e.MODERATION_SECRET }),
    pushAlerts: e.PUSH_ALERTS,
    attachments: e.ATTACHMENTS !== 'off',
    inbox: e.INBOX,
    pushPresence: e.PUSH_PRESENCE,
  };
}

function attachmentsConfig(e: z.output<typeof envSchema>): { attachments?: AttachmentsConfig } {
  if (e.ATTACHMENTS === 'off') return {};
  const limits = { maxBytes: e.ATTACHMENT_MAX_BYTES, maxPixels: e.ATTACHMENT_MAX_PIXELS };
  if (e.ATTACHMENTS === 'disk') {
    return { attachments: { storage: { kind: 'disk', directory: e.ATTACHMENTS_DIR }, ...limits } };
  }
  const storage: StorageOptions = {
    kind: 's3',
    // The schema requires it with ATTACHMENTS=s3.
    bucket: e.S3_BUCKET!,
    region: e.S3_REGION,
    ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
    ...(e.S3_FORCE_PATH_STYLE ? { forcePathStyle: true } : {}),
    ...(e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } }
      : {}),
  };
  return { attachments: { storage, ...limits } };
}

/** WIDGET_DIR as given (even if not built yet: it answers "not built"), else `dist/` if it exists. */
function widgetDir(
  configured: string | undefined,
  exists: (path: string) => boolean,
): { widgetDir?: string } {
  if (configured !== undefined) return { widgetDir: configured };
  return exists(DEFAULT_WIDGET_DIR) ? { widgetDir: DEFAULT_WIDGET_DIR } : {};
}

function ablySettings(e: z.output<typeof envSchema>): AblySettings {
  const local = e.ABLY_API_KEY === undefined;
  const endpoint = e.ABLY_ENDPOINT ?? (local ? '127.0.0.1' : undefined);
  // The schema guarantees one of the two.
  const settings: AblySettings = { apiKey: (e.ABLY_API_KEY ?? e.ABLY_LOCAL_KEY)! };
  if (endpoint === undefined) return settings;
  settings.endpoint = endpoint;
  settings.tls = e.ABLY_TLS ?? false;
  const ablyPort = e.ABLY_PORT ?? (local ? 8081 : undefined);
  if (ablyPort !== undefined) settings.port = ablyPort;
  if (e.ABLY_PUBLIC_ENDPOINT !== undefined) settings.publicEndpoint = e.ABLY_PUBLIC_ENDPOINT;
  if (e.ABLY_PUBLIC_PORT !== undefined) settings.publicPort = e.ABLY_PUBLIC_PORT;
  return settings;
}

/** A log-safe summary: no secrets, only the Ably key's name. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host,
    ably: {
      keyName: parseApiKey(config.ably.apiKey).keyName,
      endpoint: config.ably.endpoint ?? 'Ably cloud',
      ...(config.ably.port === undefined ? {} : { port: config.ably.port }),
    },
    store: config.store.databaseUrl ? 'postgresql' : `sqlite ${config.store.sqlitePath}`,
    allowedOrigins: config.allowedOrigins,
    tokenTtlSeconds: config.tokenTtlSeconds,
    rateLimits: config.rateLimits,
    widgetDir: config.widgetDir ?? 'not served',
    moderation: config.moderationSecret
      ? `POST /api/moderation, words from ${config.moderationWordsFile ?? 'the built-in list'}`
      : 'not mounted (no MODERATION_SECRET)',
    push: {
      enabled: config.push.enabled,
      alertWindowSeconds: config.push.alertWindowSeconds,
      previewLength: config.push.previewLength,
      optOutRoles: config.push.optOutRoles,
      presence: config.push.presence,
      presenceTtlSeconds: config.push.presenceTtlSeconds,
      webhookSigningKeys: (config.push.webhookSigningKeys ?? [config.ably.apiKey]).map(
        (key) => parseApiKey(key).keyName,
      ),
    },
    agentRuns: config.push.enabled
      ? { idleTimeoutSeconds: config.agentRuns.idleTimeoutMs / 1000, maxBytes: config.agentRuns.maxBytes }
      : 'off (no push)',
    attachments: config.attachments
      ? {
          storage:
            config.attachments.storage.kind === 'disk'
              ? `disk ${config.attachments.storage.directory}`
              : `s3 ${config.attachments.storage.bucket}${config.attachments.storage.endpoint ? ` at ${config.attachments.storage.endpoint}` : ''}`,
          maxBytes: config.attachments.maxBytes,
          maxPixels: config.attachments.maxPixels,
        }
      : 'off',
    inbox: config.inbox ? 'POST /api/inbox, inbox:<user> channels' : 'off',
  };
}
