import { describe, expect, it } from 'vitest';
import { sseUrl } from '../../../widget/launcher/sse-url.js';

const request = { channel: 'inbox:sam', accessToken: 'a.b.c' };

describe('sseUrl', () => {
  it.each([
    [{}, 'https://main.realtime.ably.net/sse'],
    [{ endpoint: 'acme' }, 'https://acme.realtime.ably.net/sse'],
    [{ endpoint: 'nonprod:sandbox' }, 'https://sandbox.realtime.ably-nonprod.net/sse'],
    [{ endpoint: 'realtime.example.com' }, 'https://realtime.example.com/sse'],
    [{ endpoint: '127.0.0.1', port: 8081, tls: false }, 'http://127.0.0.1:8081/sse'],
    [{ endpoint: 'localhost', tlsPort: 8443, port: 8081 }, 'https://localhost:8443/sse'],
    [{ endpoint: '::1', port: 8081, tls: false }, 'http://[::1]:8081/sse'],
  ])('finds the realtime host as ably-js does for %j', (options, base) => {
    expect(sseUrl(options, request).split('?')[0]).toBe(base);
  });

  it('asks for API version 1.2, the channel and the token, encoded', () => {
    const url = new URL(sseUrl({}, { channel: 'inbox:a b', accessToken: 'x+y/z=' }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      v: '1.2',
      channels: 'inbox:a b',
      accessToken: 'x+y/z=',
    });
  });

  it('rewinds a fresh stream and resumes after the last event instead when there is one', () => {
    const fresh = new URL(sseUrl({}, { ...request, rewind: 10 }));
    expect(fresh.searchParams.get('rewind')).toBe('10');
    expect(fresh.searchParams.has('lastEvent')).toBe(false);
    const resumed = new URL(sseUrl({}, { ...request, rewind: 10, lastEvent: 'abc:1-0' }));
    expect(resumed.searchParams.get('lastEvent')).toBe('abc:1-0');
    expect(resumed.searchParams.has('rewind')).toBe(false);
  });
});
