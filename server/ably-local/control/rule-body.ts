import { AblyError } from '../protocol/ably-error.js';
import type { ModerationRuleSpec } from '../integrations/moderation-rule.js';
import type { WebhookRuleInput, WebhookSource } from '../integrations/webhook-rule.js';
import { BodyShape } from './body-shape.js';

/** A header of a rule's target, as the Control API writes them. */
export interface RuleHeader {
  name: string;
  value: string;
}

/** An integration rule's settings, as `rule_post` gives them and `rule_response` answers them. */
export type RuleSettings = WebhookRuleSettings | BeforePublishRuleSettings;

/** `ruleType: "http"` (`http_rule_*`): a webhook for channel messages or presence. */
export interface WebhookRuleSettings {
  ruleType: 'http';
  status: 'enabled' | 'disabled';
  requestMode: 'single' | 'batch';
  source: { channelFilter: string; type: WebhookSource };
  target: {
    url: string;
    headers: RuleHeader[];
    signingKeyId: string | null;
    enveloped: boolean | null;
    format: 'json';
  };
}

/** `ruleType: "http/before-publish"` (`before_publish_webhook_rule_*`): Chat before-publish moderation. */
export interface BeforePublishRuleSettings {
  ruleType: 'http/before-publish';
  status: 'enabled' | 'disabled';
  invocationMode: 'BEFORE_PUBLISH';
  chatRoomFilter?: string;
  beforePublishConfig: {
    retryTimeout: number;
    maxRetries: number;
    failedAction: 'REJECT' | 'PUBLISH';
    tooManyRequestsAction: 'RETRY' | 'FAIL';
  };
  target: { url: string; headers: RuleHeader[] };
}

/** A stored rule as `GET /v1/apps/:app/rules` answers it (`rule_response`). */
export type RuleRecord = RuleSettings & {
  id: string;
  appId: string;
  version: '1.2';
  created: number;
  modified: number;
  _links: null;
};

const RULE_TYPES = ['http', 'http/before-publish'] as const;
const SOURCES = ['channel.message', 'channel.presence'] as const;

/**
 * `POST /v1/apps/:app/rules` (`rule_post`): the two rule types ably-local runs (DESIGN §15.3). Every other
 * rule type, source or format is 422: it would be accepted and then silently never run. Pure.
 */
export function ruleToCreate(body: unknown): RuleSettings {
  const shape = new BodyShape('create rule');
  return parseRule(body, shape, undefined);
}

/**
 * `PATCH /v1/apps/:app/rules/:id` (`rule_patch`): the given fields replace the stored ones (nested objects
 * field by field); `ruleType` is required and cannot change. Pure.
 */
export function ruleWithChanges(current: RuleSettings, body: unknown): RuleSettings {
  return parseRule(body, new BodyShape('update rule'), current);
}

function parseRule(body: unknown, shape: BodyShape, current: RuleSettings | undefined): RuleSettings {
  const top = shape.object(
    body,
    'body',
    [
      'status',
      'ruleType',
      'requestMode',
      'source',
      'target',
      'invocationMode',
      'chatRoomFilter',
      'beforePublishConfig',
    ],
    ['ruleType'],
  );
  const ruleType = shape.string(top.ruleType, 'body.ruleType')!;
  if (!(RULE_TYPES as readonly string[]).includes(ruleType)) {
    throw unsupported(
      `ruleType ${JSON.stringify(ruleType)} is not run by ably-local (only http and http/before-publish)`,
    );
  }
  if (current && current.ruleType !== ruleType) shape.fail('body.ruleType', 'cannot change');
  const status = shape.oneOf(top.status, 'body.status', ['enabled', 'disabled'] as const);
  return ruleType === 'http'
    ? webhookRule(top, shape, current as WebhookRuleSettings | undefined, status)
    : beforePublishRule(top, shape, current as BeforePublishRuleSettings | undefined, status);
}

function webhookRule(
  top: Record<string, unknown>,
  shape: BodyShape,
  current: WebhookRuleSettings | undefined,
  status: WebhookRuleSettings['status'] | undefined,
): WebhookRuleSettings {
  for (const field of ['invocationMode', 'chatRoomFilter', 'beforePublishConfig']) {
    if (top[field] !== undefined) shape.fail(`body.${field}`, 'is not a field of an http rule');
  }
  const creating = current === undefined;
  const source =
    top.source === undefined
      ? {}
      : shape.object(
          top.source,
          'body.source',
          ['channelFilter', 'type'],
          creating ? ['channelFilter', 'type'] : [],
        );
  const target =
    top.target === undefined
      ? {}
      : shape.object(
          top.target,
          'body.target',
          ['url', 'headers', 'signingKeyId', 'enveloped', 'format'],
          creating ? ['url', 'format'] : [],
        );
  if (creating) shape.required(top, 'body', ['requestMode', 'source', 'target']);
  const type = shape.string(source.type, 'body.source.type');
  if (type !== undefined && !(SOURCES as readonly string[]).includes(type)) {
    throw unsupported(
      `source type ${JSON.stringify(type)} is not emulated (only ${SOURCES.join(', ')}; DESIGN §10)`,
    );
  }
  const format = shape.string(target.format, 'body.target.format');
  if (format !== undefined && format !== 'json') throw unsupported('only the json format is emulated');
  const channelFilter = shape.string(source.channelFilter, 'body.source.channelFilter');
  if (channelFilter !== undefined) assertRegex(channelFilter, 'body.source.channelFilter');
  const url = shape.string(target.url, 'body.target.url');
  if (url !== undefined) assertUrl(url, 'body.target.url');
  const enveloped = shape.bool(target.enveloped, 'body.target.enveloped', true);
  const signingKeyId = shape.string(target.signingKeyId, 'body.target.signingKeyId', true);
  return {
    ruleType: 'http',
    status: status ?? current?.status ?? 'enabled',
    requestMode:
      shape.oneOf(top.requestMode, 'body.requestMode', ['single', 'batch'] as const) ?? current!.requestMode,
    source: {
      channelFilter: channelFilter ?? current!.source.channelFilter,
      type: (type as WebhookSource | undefined) ?? current!.source.type,
    },
    target: {
      url: url ?? current!.target.url,
      headers:
        target.headers === undefined ? (current?.target.headers ?? []) : headersOf(target.headers, shape),
      signingKeyId:
        'signingKeyId' in target ? (signingKeyId ?? null) : (current?.target.signingKeyId ?? null),
      enveloped: 'enveloped' in target ? (enveloped ?? null) : (current?.target.enveloped ?? null),
      format: 'json',
    },
  };
}

function beforePublishRule(
  top: Record<string, unknown>,
  shape: BodyShape,
  current: BeforePublishRuleSettings | undefined,
  status: BeforePublishRuleSettings['status'] | undefined,
): BeforePublishRuleSettings {
  for (const field of ['requestMode', 'source']) {
    if (top[field] !== undefined)
      shape.fail(`body.${field}`, 'is not a field of an http/before-publish rule');
  }
  const creating = current === undefined;
  if (creating) shape.required(top, 'body', ['target', 'invocationMode', 'beforePublishConfig']);
  shape.oneOf(top.invocationMode, 'body.invocationMode', ['BEFORE_PUBLISH'] as const);
  const config =
    top.beforePublishConfig === undefined
      ? undefined
      : shape.object(
          top.beforePublishConfig,
          'body.beforePublishConfig',
          ['retryTimeout', 'maxRetries', 'failedAction', 'tooManyRequestsAction'],
          ['retryTimeout', 'maxRetries', 'failedAction', 'tooManyRequestsAction'],
        );
  const target =
    top.target === undefined
      ? {}
      : shape.object(top.target, 'body.target', ['url', 'headers'], creating ? ['url'] : []);
  const url = shape.string(target.url, 'body.target.url');
  if (url !== undefined) assertUrl(url, 'body.target.url');
  const filter = shape.string(top.chatRoomFilter, 'body.chatRoomFilter');
  if (filter !== undefined) {
    if (!/^\/.*\/$/s.test(filter))
      shape.fail('body.chatRoomFilter', 'must be a regular expression written /…/');
    assertRegex(filter.slice(1, -1), 'body.chatRoomFilter');
  }
  const chatRoomFilter = filter ?? current?.chatRoomFilter;
  return {
    ruleType: 'http/before-publish',
    status: status ?? current?.status ?? 'enabled',
    invocationMode: 'BEFORE_PUBLISH',
    ...(chatRoomFilter === undefined ? {} : { chatRoomFilter }),
    beforePublishConfig: config
      ? {
          retryTimeout: shape.int(config.retryTimeout, 'body.beforePublishConfig.retryTimeout', 0, 10_000)!,
          maxRetries: shape.int(config.maxRetries, 'body.beforePublishConfig.maxRetries', 0, 10)!,
          failedAction: shape.oneOf(config.failedAction, 'body.beforePublishConfig.failedAction', [
            'REJECT',
            'PUBLISH',
          ] as const)!,
          tooManyRequestsAction: shape.oneOf(
            config.tooManyRequestsAction,
            'body.beforePublishConfig.tooManyRequestsAction',
            ['RETRY', 'FAIL'] as const,
          )!,
        }
      : current!.beforePublishConfig,
    target: {
      url: url ?? current!.target.url,
      headers:
        target.headers === undefined ? (current?.target.headers ?? []) : headersOf(target.headers, shape),
    },
  };
}

/**
 * What an enabled rule makes ably-local do (DESIGN §15.3): an outbound webhook rule (DESIGN §14) or a
 * before-publish moderation rule (DESIGN §12); the target's `signingKeyId` becomes the app's key name. Pure.
 */
export function runtimeRule(
  rule: RuleRecord,
  batchIntervalMs: number,
): { webhook: WebhookRuleInput } | { moderation: ModerationRuleSpec } {
  const headers = Object.fromEntries(rule.target.headers.map((h) => [h.name, h.value]));
  if (rule.ruleType === 'http') {
    return {
      webhook: {
        id: rule.id,
        url: rule.target.url,
        ...(rule.source.channelFilter === '' ? {} : { channelFilter: rule.source.channelFilter }),
        sources: [rule.source.type],
        requestMode: rule.requestMode,
        ...(rule.target.enveloped === null ? {} : { enveloped: rule.target.enveloped }),
        ...(rule.target.signingKeyId === null
          ? {}
          : { signWithKey: `${rule.appId}.${rule.target.signingKeyId}` }),
        headers,
        batchIntervalMs,
      },
    };
  }
  const config = rule.beforePublishConfig;
  return {
    moderation: {
      id: rule.id,
      url: rule.target.url,
      ...(rule.chatRoomFilter === undefined ? {} : { roomFilter: rule.chatRoomFilter.slice(1, -1) }),
      headers,
      // Ably allows a 0 ms retry timeout; ably-local's budget is at least 1 ms.
      timeoutMs: Math.max(1, config.retryTimeout),
      maxRetries: config.maxRetries,
      failedAction: config.failedAction === 'PUBLISH' ? 'publish' : 'reject',
      tooManyRequestsAction: config.tooManyRequestsAction === 'RETRY' ? 'retry' : 'fail',
    },
  };
}

function headersOf(value: unknown, shape: BodyShape): RuleHeader[] {
  if (!Array.isArray(value)) shape.fail('body.target.headers', 'must be an array of {name, value}');
  return (value as unknown[]).map((header, i) => {
    const h = shape.object(header, `body.target.headers[${i}]`, ['name', 'value'], ['name', 'value']);
    return {
      name: shape.string(h.name, `body.target.headers[${i}].name`)!,
      value: shape.string(h.value, `body.target.headers[${i}].value`)!,
    };
  });
}

function assertRegex(source: string, path: string): void {
  try {
    new RegExp(source);
  } catch (err) {
    throw new AblyError(
      40000,
      400,
      `unable to save rule; ${path} is not a regular expression (${(err as Error).message})`,
    );
  }
}

function assertUrl(text: string, path: string): void {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new AblyError(40000, 400, `unable to save rule; ${path} must be an http(s) URL`);
  }
}

function unsupported(reason: string): AblyError {
  return new AblyError(40000, 422, `unable to save rule; ${reason}`);
}
