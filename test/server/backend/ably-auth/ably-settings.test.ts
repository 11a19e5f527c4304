import { describe, expect, it } from 'vitest';
import { restOptions, widgetClientOptions } from '../../../../server/backend/ably-auth/ably-settings.js';

describe('Ably settings', () => {
  it('gives the widget nothing and the backend only the key when talking to Ably cloud', () => {
    expect(widgetClientOptions({ apiKey: 'a.b:c' })).toEqual({});
    expect(restOptions({ apiKey: 'a.b:c' })).toEqual({ key: 'a.b:c' });
  });

  it('points both at the host and plain port, and pins no transport, when talking to ably-local', () => {
    const settings = { apiKey: 'a.b:c', endpoint: '127.0.0.1', port: 8081, tls: false };
    expect(restOptions(settings)).toEqual({ key: 'a.b:c', endpoint: '127.0.0.1', port: 8081, tls: false });
    expect(widgetClientOptions(settings)).toEqual({
      endpoint: '127.0.0.1',
      port: 8081,
      tls: false,
      connectivityCheckUrl: 'http://127.0.0.1:8081/is-the-internet-up.txt',
      wsConnectivityCheckUrl: 'ws://127.0.0.1:8081/',
    });
  });

  it('uses tlsPort and secure URLs when the endpoint speaks TLS', () => {
    const settings = { apiKey: 'a.b:c', endpoint: 'ably.internal.example', port: 8443, tls: true };
    expect(restOptions(settings)).toEqual({
      key: 'a.b:c',
      endpoint: 'ably.internal.example',
      tlsPort: 8443,
      tls: true,
    });
    expect(widgetClientOptions(settings)).toMatchObject({
      tlsPort: 8443,
      tls: true,
      connectivityCheckUrl: 'https://ably.internal.example:8443/is-the-internet-up.txt',
      wsConnectivityCheckUrl: 'wss://ably.internal.example:8443/',
    });
  });

  it('gives browsers the public host and port when they differ from the backend’s', () => {
    const options = widgetClientOptions({
      apiKey: 'a.b:c',
      endpoint: '172.18.0.2',
      port: 8081,
      publicEndpoint: 'localhost',
      publicPort: 18081,
    });
    expect(options).toMatchObject({ endpoint: 'localhost', port: 18081 });
  });

  it('passes a routing-policy endpoint through unchanged', () => {
    expect(widgetClientOptions({ apiKey: 'a.b:c', endpoint: 'nonprod:sandbox' })).toEqual({
      endpoint: 'nonprod:sandbox',
    });
  });
});
