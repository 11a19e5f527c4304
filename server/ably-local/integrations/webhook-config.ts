import { readFileSync } from 'node:fs';
import type { WebhookRuleInput } from './webhook-rule.js';

/**
 * The CLI's webhook rules (DESIGN §14.1): each `--webhook` is one JSON rule, a `--webhooks` file (or
 * `ABLY_LOCAL_WEBHOOKS`) a JSON array of them; in that order. Validation is `parseWebhookRules`'s.
 */
export function readWebhookRules(flags: readonly string[], file: string | undefined): WebhookRuleInput[] {
  const parse = (text: string, from: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error(`unable to read webhook rules from ${from}; ${(err as Error).message}`, { cause: err });
    }
  };
  const rules = flags.map((flag) => parse(flag, '--webhook') as WebhookRuleInput);
  if (file !== undefined) {
    const list = parse(readFileSync(file, 'utf8'), file);
    if (!Array.isArray(list))
      throw new Error(`unable to read webhook rules from ${file}; expected a JSON array`);
    rules.push(...(list as WebhookRuleInput[]));
  }
  return rules;
}
