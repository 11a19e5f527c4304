import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  DEFAULT_WIDGET_DIR,
  describeConfig,
  loadAblySetupConfig,
  loadConfig,
} from '../../../server/backend/config.js';

const SECRETS = {
  EMBED_SECRET: 'e'.repeat(32),
  SERVER_SECRET: 's'.repeat(32),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to ably-local on 127.0.0.1:8081, SQLite under .data and port 8080 when only secrets and ABLY_LOCAL_KEY are set', () => {
    const config = loadConfig({ ...SECRETS, ABLY_LOCAL_KEY: 'local.a1b2:generated-secret' }, () => false);
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      embedSecret: SECRETS.EMBED_SECRET,
      serverSecret: SECRETS.SERVER_SECRET,
      ably: { apiKey: 'local.a1b2:generated-secret', endpoint: '127.0.0.1', port: 8081, tls: false },
      allowedOrigins: [],
      tokenTtlSeconds: 3600,
      rateLimits: {
        windowMs: 60_000,
        perIp: 300,
        perUser: 30,
        readStatePerUser: 120,
        attachmentsPerUser: 240,
        inboxPerUser: 120,
      },
      store: { sqlitePath: '.data/embedded-chat.sqlite' },
      logLevel: 'info',
      inbox: true,
      trustProxy: false,
      push: {
        enabled: true,
        alertWindowSeconds: 60,
        previewLength: 120,
        optOutRoles: ['observer', 'bot'],
        presence: 'webhook',
        presenceTtlSeconds: 1800,
      },
      agentRuns: { idleTimeoutMs: 30_000, maxBytes: 32_768 },
      attachments: {
        storage: { kind: 'disk', directory: resolve('.data/attachments') },
        maxBytes: 25 * 1024 * 1024,
        maxPixels: 40_000_000,
      },
    });
  });

  it('keeps attachments in S3 when asked, off when asked, and refuses an S3 setup without a bucket', () => {
    const base = { ...SECRETS, ABLY_LOCAL_KEY: 'local.a1b2:generated-secret' };
    const s3 = loadConfig({
      ...base,
      ATTACHMENTS: 's3',
      S3_BUCKET: 'chat-files',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      ATTACHMENT_MAX_BYTES: '1048576',
    });
    expect(s3.attachments).toEqual({
      storage: {
        kind: 's3',
        bucket: 'chat-files',
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9000',
        forcePathStyle: true,
        credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      },
      maxBytes: 1_048_576,
      maxPixels: 40_000_000,
    });
    expect(describeConfig(s3).attachments).toMatchObject({
      storage: 's3 chat-files at http://127.0.0.1:9000',
    });
    expect(JSON.stringify(describeConfig(s3))).not.toContain('secret');
    expect(loadConfig({ ...base, ATTACHMENTS: 'off' }).attachments).toBeUndefined();
    expect(() => loadConfig({ ...base, ATTACHMENTS: 's3' })).toThrow(
      /S3_BUCKET is required with ATTACHMENTS=s3/,
    );
    expect(() => loadConfig({ ...base, ATTACHMENTS: 'ftp' })).toThrow(/ATTACHMENTS must be disk, s3 or off/);
    expect(() => loadConfig({ ...base, ATTACHMENTS: 's3', S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'x' })).toThrow(
      /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/,
    );
  });

  it('reads the push alert settings and refuses unknown roles and malformed signing keys', () => {
    const config = loadConfig({
      ...SECRETS,
      ABLY_LOCAL_KEY: 'local.a1b2:generated-secret',
      PUSH_ALERTS: 'false',
      PUSH_ALERT_WINDOW_SECONDS: '300',
      PUSH_PREVIEW_LENGTH: '80',
      PUSH_OPT_OUT_ROLES: 'observer, moderator',
      WEBHOOK_SIGNING_KEYS: 'app.hooks:s1,app.other:s2',
      PUSH_PRESENCE: 'rest',
      PUSH_PRESENCE_TTL_SECONDS: '600',
    });
    expect(config.push).toEqual({
      enabled: false,
      alertWindowSeconds: 300,
      previewLength: 80,
      optOutRoles: ['observer', 'moderator'],
      presence: 'rest',
      presenceTtlSeconds: 600,
      webhookSigningKeys: ['app.hooks:s1', 'app.other:s2'],
    });
    expect(describeConfig(config).push).toMatchObject({ webhookSigningKeys: ['app.hooks', 'app.other'] });
    expect(
      loadConfig({ ...SECRETS, ABLY_LOCAL_KEY: 'local.a:b', PUSH_OPT_OUT_ROLES: 'none' }).push.optOutRoles,
    ).toEqual([]);
    const bad = problems({
      ...SECRETS,
      ABLY_LOCAL_KEY: 'local.a:b',
      PUSH_OPT_OUT_ROLES: 'observer,admin',
      WEBHOOK_SIGNING_KEYS: 'nope',
      PUSH_PREVIEW_LENGTH: '5',
      PUSH_PRESENCE: 'gossip',
      PUSH_PRESENCE_TTL_SECONDS: '0',
    }).join('\n');
    expect(bad).toMatch(/PUSH_PRESENCE must be webhook or rest/);
    expect(bad).toMatch(/PUSH_PRESENCE_TTL_SECONDS must be positive/);
    expect(bad).toMatch(/PUSH_OPT_OUT_ROLES entries must be roles/);
    expect(bad).toMatch(/WEBHOOK_SIGNING_KEYS entries must look like appId.keyId:secret/);
    expect(bad).toMatch(/PUSH_PREVIEW_LENGTH must be 10–1000/);
  });

  it('reads the agent run limits and refuses ones Ably could not hold', () => {
    const config = loadConfig({
      ...SECRETS,
      ABLY_LOCAL_KEY: 'local.a:b',
      AGENT_RUN_IDLE_TIMEOUT_SECONDS: '90',
      AGENT_RUN_MAX_BYTES: '8000',
    });
    expect(config.agentRuns).toEqual({ idleTimeoutMs: 90_000, maxBytes: 8000 });
    const bad = problems({
      ...SECRETS,
      ABLY_LOCAL_KEY: 'local.a:b',
      AGENT_RUN_IDLE_TIMEOUT_SECONDS: '0',
      AGENT_RUN_MAX_BYTES: '70000',
    }).join('\n');
    expect(bad).toMatch(/AGENT_RUN_IDLE_TIMEOUT_SECONDS must be positive/);
    expect(bad).toMatch(/AGENT_RUN_MAX_BYTES must be 1–60000/);
  });

  it('talks to Ably cloud with only the key when ABLY_API_KEY is set alone', () => {
    expect(loadConfig({ ...SECRETS, ABLY_API_KEY: 'app.key:secret' }).ably).toEqual({
      apiKey: 'app.key:secret',
    });
  });

  it('reads every variable when all are set', () => {
    const config = loadConfig({
      ...SECRETS,
      PORT: '9000',
      HOST: '0.0.0.0',
      ABLY_API_KEY: 'app.key:secret',
      ABLY_ENDPOINT: '10.0.0.5',
      ABLY_PORT: '9443',
      ABLY_TLS: 'true',
      ABLY_PUBLIC_ENDPOINT: 'chat.example.com',
      ABLY_PUBLIC_PORT: '443',
      ALLOWED_ORIGINS: 'https://shop.example, http://localhost:3000',
      TOKEN_TTL_SECONDS: '900',
      RATE_LIMIT_WINDOW_MS: '10000',
      RATE_LIMIT_PER_IP: '50',
      RATE_LIMIT_PER_USER: '5',
      RATE_LIMIT_READ_STATE_PER_USER: '50',
      DATABASE_URL: 'postgresql://chat@db/chat',
      SQLITE_PATH: '/var/lib/chat.sqlite',
      WIDGET_DIR: '/srv/embedded-chat/dist',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '2',
    });
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      ably: {
        apiKey: 'app.key:secret',
        endpoint: '10.0.0.5',
        port: 9443,
        tls: true,
        publicEndpoint: 'chat.example.com',
        publicPort: 443,
      },
      allowedOrigins: ['https://shop.example', 'http://localhost:3000'],
      tokenTtlSeconds: 900,
      rateLimits: { windowMs: 10_000, perIp: 50, perUser: 5, readStatePerUser: 50 },
      store: { databaseUrl: 'postgresql://chat@db/chat', sqlitePath: '/var/lib/chat.sqlite' },
      widgetDir: '/srv/embedded-chat/dist',
      logLevel: 'warn',
      trustProxy: 2,
    });
  });

  it('serves the repository’s dist/ only when it exists and WIDGET_DIR is unset', () => {
    const seen: string[] = [];
    const local = { ...SECRETS, ABLY_LOCAL_KEY: 'local.a1b2:generated-secret' };
    const built = loadConfig(local, (path) => {
      seen.push(path);
      return true;
    });
    expect(built.widgetDir).toBe(DEFAULT_WIDGET_DIR);
    expect(seen).toEqual([DEFAULT_WIDGET_DIR]);
    expect(DEFAULT_WIDGET_DIR).toBe(fileURLToPath(new URL('../../../dist', import.meta.url)));
    expect(loadConfig(local, () => false).widgetDir).toBeUndefined();
  });

  it('resolves a relative WIDGET_DIR against the working directory even before it is built', () => {
    const config = loadConfig(
      { ...SECRETS, ABLY_LOCAL_KEY: 'local.a1b2:generated-secret', WIDGET_DIR: 'build/element' },
      () => false,
    );
    expect(config.widgetDir).toBe(resolve('build/element'));
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['no secrets', {}, /EMBED_SECRET is required/],
    [
      'neither an Ably key nor an ably-local key',
      { ...SECRETS },
      /ABLY_API_KEY is required .*ABLY_LOCAL_KEY/,
    ],
    ['a malformed ably-local key', { ...SECRETS, ABLY_LOCAL_KEY: 'nope' }, /ABLY_LOCAL_KEY must look like/],
    ['a short secret', { ...SECRETS, EMBED_SECRET: 'short' }, /EMBED_SECRET must be at least 32/],
    ['equal secrets', { EMBED_SECRET: 'x'.repeat(32), SERVER_SECRET: 'x'.repeat(32) }, /must differ/],
    ['a malformed Ably key', { ...SECRETS, ABLY_API_KEY: 'nope' }, /appId\.keyId:secret/],
    [
      'a port without endpoint for the cloud',
      { ...SECRETS, ABLY_API_KEY: 'a.b:c', ABLY_PORT: '1' },
      /need ABLY_ENDPOINT/,
    ],
    ['a bad port', { ...SECRETS, PORT: 'eighty' }, /PORT/],
    ['a TTL over 1 h', { ...SECRETS, TOKEN_TTL_SECONDS: '7200' }, /at most 3600/],
    ['an origin with a path', { ...SECRETS, ALLOWED_ORIGINS: 'https://shop.example/' }, /origins such as/],
    ['a MySQL URL', { ...SECRETS, DATABASE_URL: 'mysql://x' }, /postgres/],
    ['a bad TLS flag', { ...SECRETS, ABLY_TLS: 'yes' }, /ABLY_TLS must be true or false/],
    ['a bad log level', { ...SECRETS, LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [
      'a short moderation secret',
      { ...SECRETS, MODERATION_SECRET: 'short' },
      /MODERATION_SECRET must be at least 32/,
    ],
    [
      'a moderation secret equal to another',
      { ...SECRETS, ABLY_LOCAL_KEY: 'a.b:c', MODERATION_SECRET: SECRETS.SERVER_SECRET },
      /MODERATION_SECRET must differ from EMBED_SECRET and SERVER_SECRET/,
    ],
    [
      'a zero read-state limit',
      { ...SECRETS, RATE_LIMIT_READ_STATE_PER_USER: '0' },
      /RATE_LIMIT_READ_STATE_PER_USER must be positive/,
    ],
  ])('reports %s', (_case, env, message) => {
    expect(problems(env).join('\n')).toMatch(message);
  });

  it('mounts moderation with MODERATION_SECRET and resolves MODERATION_WORDS_FILE', () => {
    const config = loadConfig(
      {
        ...SECRETS,
        ABLY_LOCAL_KEY: 'a.b:c',
        MODERATION_SECRET: 'm'.repeat(32),
        MODERATION_WORDS_FILE: 'config/words.txt',
      },
      () => false,
    );
    expect(config.moderationSecret).toBe('m'.repeat(32));
    expect(config.moderationWordsFile).toBe(resolve('config/words.txt'));
    const summary = JSON.stringify(describeConfig(config));
    expect(summary).toContain(`words from ${resolve('config/words.txt')}`);
    expect(summary).not.toContain('m'.repeat(32));
    expect(loadConfig({ ...SECRETS, ABLY_LOCAL_KEY: 'a.b:c' }, () => false).moderationSecret).toBeUndefined();
  });

  it('never puts secret values in its errors or its summary', () => {
    const secretKey = 'app.key:verysecretvalue';
    const error = problems({
      EMBED_SECRET: 'tiny-embed',
      SERVER_SECRET: 'tiny-server',
      ABLY_API_KEY: 'bad:key:here',
    });
    expect(error.join('\n')).not.toMatch(/tiny-embed|tiny-server|bad:key:here/);
    const summary = JSON.stringify(describeConfig(loadConfig({ ...SECRETS, ABLY_API_KEY: secretKey })));
    expect(summary).not.toContain('verysecretvalue');
    expect(summary).not.toContain(SECRETS.EMBED_SECRET);
    expect(summary).toContain('app.key');
  });
});

describe('loadAblySetupConfig', () => {
  const setup = (env: Record<string, string>) => loadAblySetupConfig(env);

  it('takes the app from ABLY_API_KEY, Ably’s Control API by default, and trims PUBLIC_URL', () => {
    expect(
      setup({
        ABLY_CONTROL_TOKEN: 'token',
        ABLY_API_KEY: 'app1.key1:secret',
        PUBLIC_URL: 'https://chat.example.com/',
      }),
    ).toEqual({
      controlUrl: 'https://control.ably.net/v1',
      controlToken: 'token',
      appId: 'app1',
      apiKeyName: 'app1.key1',
      publicUrl: 'https://chat.example.com',
      pushAlerts: true,
      attachments: true,
      inbox: true,
      pushPresence: 'webhook',
    });
  });

  it('refuses an ABLY_APP_ID that is not the app of ABLY_API_KEY, and a PUBLIC_URL that is not http(s)', () => {
    expect(() =>
      setup({
        ABLY_CONTROL_TOKEN: 't',
        ABLY_APP_ID: 'other',
        ABLY_API_KEY: 'app1.key1:secret',
        PUBLIC_URL: 'https://chat.example.com',
      }),
    ).toThrow(/ABLY_APP_ID is not the app of ABLY_API_KEY/);
    expect(() =>
      setup({ ABLY_CONTROL_TOKEN: 't', ABLY_APP_ID: 'a', PUBLIC_URL: 'chat.example.com' }),
    ).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
  });
});
