import { z } from 'zod';

/**
 * The shapes Ably documents for the Control API operations ably-setup uses, transcribed as zod schemas from
 * Ably's OpenAPI document `static/open-specs/control-v1.yaml` (github.com/ably/docs, commit c20d2c4ff,
 * "Control API v1" 1.1.0): field names, types, ranges, enums, required fields, and `additionalProperties:
 * false` as `.strict()`. Requests ably-setup would send to Ably's cloud are checked against these, so a field
 * Ably does not document — which it would refuse — fails a test here, with nothing sent anywhere.
 */
const bool = z.boolean();
const header = z.object({ name: z.string().optional(), value: z.string().optional() });

const namespaceSettings = {
  authenticated: bool.optional(),
  persisted: bool.optional(),
  persistLast: bool.optional(),
  pushEnabled: bool.optional(),
  batchingEnabled: bool.optional(),
  batchingInterval: z.number().int().optional(),
  conflationEnabled: bool.optional(),
  conflationInterval: z.number().int().optional(),
  conflationKey: z.string().optional(),
  tlsOnly: bool.optional(),
  exposeTimeserial: bool.optional(),
  mutableMessages: bool.optional(),
  populateChannelRegistry: bool.optional(),
};

/** `namespace_post`, `namespace_patch`, `namespace_response`. */
export const namespacePost = z.object({ id: z.string(), ...namespaceSettings }).strict();
export const namespacePatch = z.object(namespaceSettings).strict();
export const namespaceResponse = z
  .object({
    appId: z.string().optional(),
    created: z.number().int().optional(),
    modified: z.number().int().optional(),
    id: z.string().optional(),
    ...namespaceSettings,
  })
  .strict();

const ruleSource = z.object({ channelFilter: z.string(), type: z.string() }).strict();
const ruleSourcePatch = z
  .object({ channelFilter: z.string().optional(), type: z.string().optional() })
  .strict();
const httpTarget = {
  url: z.string(),
  headers: z.array(header).optional(),
  signingKeyId: z.string().nullable().optional(),
  enveloped: z.boolean().nullable().optional(),
  format: z.string(),
};

/** `http_rule_post`, `http_rule_patch`, `http_rule_response`. */
export const httpRulePost = z
  .object({
    status: z.string().optional(),
    ruleType: z.literal('http'),
    requestMode: z.string(),
    source: ruleSource,
    target: z.object(httpTarget).strict(),
  })
  .strict();
export const httpRulePatch = z
  .object({
    status: z.string().optional(),
    ruleType: z.literal('http'),
    requestMode: z.string().optional(),
    source: ruleSourcePatch.optional(),
    target: z.object(httpTarget).partial().strict().optional(),
  })
  .strict();
const ruleResponseCommon = {
  id: z.string().optional(),
  appId: z.string().optional(),
  version: z.string().optional(),
  status: z.string().optional(),
  created: z.number().optional(),
  modified: z.number().optional(),
  _links: z.object({}).passthrough().nullable().optional(),
};
export const httpRuleResponse = z
  .object({
    ...ruleResponseCommon,
    ruleType: z.literal('http'),
    requestMode: z.string(),
    source: ruleSource,
    target: z.object(httpTarget).strict(),
  })
  .strict();

const beforePublishConfig = z.object({
  retryTimeout: z.number().int().min(0).max(10_000),
  maxRetries: z.number().int().min(0).max(10),
  failedAction: z.enum(['REJECT', 'PUBLISH']),
  tooManyRequestsAction: z.enum(['RETRY', 'FAIL']),
});
const chatRoomFilter = z.string().regex(/^\/.*\/$/);

/** `before_publish_webhook_rule_post`, `…_patch`, `…_response`. */
export const beforePublishRulePost = z
  .object({
    status: z.string().optional(),
    ruleType: z.literal('http/before-publish'),
    beforePublishConfig,
    invocationMode: z.literal('BEFORE_PUBLISH'),
    chatRoomFilter: chatRoomFilter.optional(),
    target: z.object({ url: z.string(), headers: z.array(header).optional() }).strict(),
  })
  .strict();
export const beforePublishRulePatch = z
  .object({
    status: z.string().optional(),
    ruleType: z.literal('http/before-publish'),
    beforePublishConfig: beforePublishConfig.optional(),
    invocationMode: z.literal('BEFORE_PUBLISH').optional(),
    chatRoomFilter: chatRoomFilter.optional(),
    target: z
      .object({ url: z.string().optional(), headers: z.array(header).optional() })
      .strict()
      .optional(),
  })
  .strict();
export const beforePublishRuleResponse = z
  .object({
    ...ruleResponseCommon,
    ruleType: z.literal('http/before-publish'),
    source: ruleSource.optional(),
    invocationMode: z.literal('BEFORE_PUBLISH'),
    beforePublishConfig,
    chatRoomFilter: chatRoomFilter.optional(),
    target: z
      .object({ url: z.string(), headers: z.array(header).optional(), format: z.string().optional() })
      .strict(),
  })
  .strict();

const capability = z.record(z.string(), z.array(z.string()));

/** `key_post`, `key_patch`, `key_response`. */
export const keyPost = z
  .object({ name: z.string(), revocableTokens: z.boolean().nullable().optional(), capability })
  .strict();
export const keyPatch = z
  .object({
    name: z.string().optional(),
    revocableTokens: z.boolean().nullable().optional(),
    capability: capability.optional(),
  })
  .strict();
export const keyResponse = z
  .object({
    appId: z.string().optional(),
    id: z.string().optional(),
    name: z.string().optional(),
    revocableTokens: z.boolean().nullable().optional(),
    status: z.number().int().optional(),
    key: z.string().optional(),
    capability: capability.optional(),
    created: z.number().int().optional(),
    modified: z.number().int().optional(),
  })
  .strict();

/** `error`. */
export const errorResponse = z
  .object({
    message: z.string(),
    code: z.number().int(),
    statusCode: z.number().int(),
    href: z.string(),
    details: z.object({}).passthrough().nullable().optional(),
  })
  .strict();

const ruleResponse = z.union([httpRuleResponse, beforePublishRuleResponse]);
const rulePost = z.union([httpRulePost, beforePublishRulePost]);
const rulePatch = z.union([httpRulePatch, beforePublishRulePatch]);

/** One documented operation: its path template, the body it takes, its success status and answer. */
interface Operation {
  method: string;
  path: RegExp;
  request?: z.ZodType;
  status: number;
  response?: z.ZodType;
}

const APP = '[^/]+';
const ID = '[^/]+';
const OPERATIONS: Operation[] = [
  {
    method: 'GET',
    path: new RegExp(`^/apps/${APP}/namespaces$`),
    status: 200,
    response: z.array(namespaceResponse),
  },
  {
    method: 'POST',
    path: new RegExp(`^/apps/${APP}/namespaces$`),
    request: namespacePost,
    status: 201,
    response: namespaceResponse,
  },
  {
    method: 'PATCH',
    path: new RegExp(`^/apps/${APP}/namespaces/${ID}$`),
    request: namespacePatch,
    status: 200,
    response: namespaceResponse,
  },
  { method: 'DELETE', path: new RegExp(`^/apps/${APP}/namespaces/${ID}$`), status: 204 },
  { method: 'GET', path: new RegExp(`^/apps/${APP}/rules$`), status: 200, response: z.array(ruleResponse) },
  {
    method: 'POST',
    path: new RegExp(`^/apps/${APP}/rules$`),
    request: rulePost,
    status: 201,
    response: ruleResponse,
  },
  { method: 'GET', path: new RegExp(`^/apps/${APP}/rules/${ID}$`), status: 200, response: ruleResponse },
  {
    method: 'PATCH',
    path: new RegExp(`^/apps/${APP}/rules/${ID}$`),
    request: rulePatch,
    status: 200,
    response: ruleResponse,
  },
  { method: 'DELETE', path: new RegExp(`^/apps/${APP}/rules/${ID}$`), status: 204 },
  { method: 'GET', path: new RegExp(`^/apps/${APP}/keys$`), status: 200, response: z.array(keyResponse) },
  {
    method: 'POST',
    path: new RegExp(`^/apps/${APP}/keys$`),
    request: keyPost,
    status: 201,
    response: keyResponse,
  },
  {
    method: 'PATCH',
    path: new RegExp(`^/apps/${APP}/keys/${ID}$`),
    request: keyPatch,
    status: 200,
    response: keyResponse,
  },
  { method: 'POST', path: new RegExp(`^/apps/${APP}/keys/${ID}/revoke$`), status: 200 },
];

/** The documented operation a request is, or undefined when Ably documents no such operation. */
export function documentedOperation(method: string, path: string): Operation | undefined {
  return OPERATIONS.find((op) => op.method === method && op.path.test(path));
}
