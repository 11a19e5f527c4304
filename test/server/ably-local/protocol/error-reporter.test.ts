import { describe, expect, it, vi } from 'vitest';
import { AblyError } from '../../../../server/ably-local/protocol/ably-error.js';
import { guard, guarded } from '../../../../server/ably-local/protocol/error-reporter.js';

describe('guard', () => {
  it('reports an unexpected exception as 50000 with the original as cause when the callback throws', () => {
    const report = vi.fn();
    const boom = new TypeError('boom');
    guarded(report, 'tick', () => {
      throw boom;
    })();
    expect(report).toHaveBeenCalledTimes(1);
    const [operation, error] = report.mock.calls[0]! as [string, AblyError];
    expect(operation).toBe('tick');
    expect(error).toMatchObject({ code: 50000, statusCode: 500, message: 'internal error; boom' });
    expect(error.cause).toBe(boom);
  });

  it('keeps an AblyError as it is when one is thrown', () => {
    const report = vi.fn();
    const error = new AblyError(40000, 400, 'unable to x; y');
    guard(report, 'x', () => {
      throw error;
    });
    expect(report).toHaveBeenCalledWith('x', error);
  });

  it('does not throw when the reporter itself throws', () => {
    const console = vi.spyOn(globalThis.console, 'error').mockImplementation(() => undefined);
    expect(() =>
      guard(
        () => {
          throw new Error('reporter broke');
        },
        'x',
        () => {
          throw new Error('first');
        },
      ),
    ).not.toThrow();
    expect(console).toHaveBeenCalledWith(expect.stringContaining('unable to report an error; 50000'));
    console.mockRestore();
  });
});
