import { LocalPushService, testCertificate } from '../support/push-service.js';

/**
 * The benchmark's push service in a process of its own (a real one is on the internet, not on the server's
 * cores): `fork`ed with an IPC channel. It answers `{type: 'subscribe', count}` with that many
 * subscriptions, reports each decrypted push as `{type: 'push', id}`, and starts by sending its certificate.
 */
const service = await LocalPushService.start();
service.onReceive = (push) => process.send!({ type: 'push', id: push.subscriptionId });
process.on('message', (message: { type: string; count?: number }) => {
  if (message.type === 'subscribe') {
    const list = Array.from({ length: message.count ?? 1 }, () => {
      const { id, recipient } = service.subscribe();
      return { id, recipient };
    });
    process.send!({ type: 'subscriptions', list });
  } else if (message.type === 'stop') {
    void service.close().then(() => process.exit(0));
  }
});
process.send!({ type: 'ready', cert: testCertificate().cert.toString('utf8') });
