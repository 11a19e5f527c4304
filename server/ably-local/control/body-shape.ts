import { AblyError } from '../protocol/ably-error.js';
import { isPlainObject } from '../protocol/item-shape.js';

/**
 * Checks a Control API request body against the shape Ably's OpenAPI document gives it (DESIGN §15.2):
 * objects with `additionalProperties: false`, required fields, and typed values. Every problem is a 400 with
 * code 40000 and the field's path. Pure.
 */
export class BodyShape {
  constructor(private readonly _operation: string) {}

  fail(path: string, reason: string): never {
    throw new AblyError(40000, 400, `unable to ${this._operation}; ${path} ${reason}`);
  }

  /** An object with only `allowed` keys, all of `required` present. */
  object(value: unknown, path: string, allowed: readonly string[], required: readonly string[] = []) {
    if (!isPlainObject(value)) this.fail(path, 'must be an object');
    const record = value as Record<string, unknown>;
    const unknown = Object.keys(record).find((key) => !allowed.includes(key));
    if (unknown !== undefined) this.fail(`${path}.${unknown}`, 'is not a field of this object');
    this.required(record, path, required);
    return record;
  }

  /** Every field of `fields` is present. */
  required(record: Record<string, unknown>, path: string, fields: readonly string[]): void {
    const missing = fields.find((key) => record[key] === undefined);
    if (missing !== undefined) this.fail(`${path}.${missing}`, 'is required');
  }

  bool(value: unknown, path: string, nullable = false): boolean | undefined {
    if (value === undefined || (nullable && value === null)) return undefined;
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false');
    return value as boolean;
  }

  string(value: unknown, path: string, nullable = false): string | undefined {
    if (value === undefined || (nullable && value === null)) return undefined;
    if (typeof value !== 'string') this.fail(path, 'must be a string');
    return value as string;
  }

  int(value: unknown, path: string, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(path, `must be a whole number from ${min} to ${max}`);
    }
    return value as number;
  }

  oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (!options.includes(value as T)) this.fail(path, `must be one of ${options.join(', ')}`);
    return value as T;
  }
}
