import type * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../../server/backend/errors.js';
import { connectionState, FORMATS } from '../../support/local-ably.js';
import {
  errorCode,
  joinRoom,
  startBackend,
  uniqueTaskId,
  widgetRealtime,
  type TestBackend,
} from './backend-harness.js';

const join = (backend: TestBackend, task: string, userId: string, useBinaryProtocol: boolean) =>
  joinRoom(backend, task, userId, 'customer', useBinaryProtocol);

describe.each(FORMATS)('revoking issued tokens over $format', ({ useBinaryProtocol }) => {
  it('cuts a live connection off and refuses renewal when its participant is removed', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [
      { userId: 'ann', role: 'customer' },
      { userId: 'bob', role: 'customer' },
    ]);
    const ann = await join(backend, task, 'ann', useBinaryProtocol);
    const bob = await join(backend, task, 'bob', useBinaryProtocol);
    const changes: Ably.ConnectionStateChange[] = [];
    ann.realtime.connection.on((change) => changes.push(change));

    const removed = await backend.admin('DELETE', `/tasks/${task}/participants/ann`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ userId: 'ann', removed: true, tokensRevoked: true });

    await connectionState(ann.realtime, 'failed');
    expect(changes.some((c) => c.reason?.code === 40141)).toBe(true); // token revoked
    expect(ann.realtime.connection.errorReason?.statusCode).toBe(403);
    const refusal = ann.requests.at(-1)!;
    expect(refusal.status).toBe(403);
    expect(refusal.body.error.code).toBe(ErrorCode.ParticipantRemoved);
    // The send needs a new token, which the backend refuses: the participant was removed.
    await expect(ann.room.messages.send({ text: 'still here?' })).rejects.toMatchObject({
      code: ErrorCode.ParticipantRemoved,
      statusCode: 403,
    });
    // bob is untouched
    expect(bob.realtime.connection.state).toBe('connected');
    await bob.room.messages.send({ text: 'bye ann' });
  });

  it('issues a working token at once when a removed participant is re-added', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId();
    await backend.createTask(task, [{ userId: 'ann', role: 'customer' }]);
    expect((await backend.admin('DELETE', `/tasks/${task}/participants/ann`)).status).toBe(200);
    const refused = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task, role: 'customer' }),
    });
    expect(refused.body.error.code).toBe(ErrorCode.ParticipantRemoved);
    expect(
      (await backend.admin('PUT', `/tasks/${task}/participants/ann`, { role: 'customer', name: 'Ann' }))
        .status,
    ).toBe(200);
    const ann = await join(backend, task, 'ann', useBinaryProtocol); // the same second as the revocation, often
    await ann.room.messages.send({ text: 'back again' });
    expect(ann.realtime.connection.state).toBe('connected');
    expect(ann.requests).toHaveLength(1); // the first token was accepted: it was not counted as revoked
  });

  it('renews a live connection into a read-only token when its task is closed', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId('ticket');
    await backend.createTask(task, [{ userId: 'ann', role: 'customer' }]);
    const ann = await join(backend, task, 'ann', useBinaryProtocol);
    await ann.room.messages.send({ text: 'thanks, solved' });

    expect((await backend.admin('POST', `/tasks/${task}/close`)).body.closed).toBe(true);
    await vi.waitFor(() => expect(ann.requests.at(-1)?.body?.readOnly).toBe(true), { timeout: 5000 });
    await vi.waitFor(() => expect(ann.realtime.connection.state).toBe('connected'), { timeout: 5000 });
    await expect(ann.room.messages.send({ text: 'one more thing' })).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
    const history = await ann.room.messages.history({ limit: 10 });
    expect(history.items.map((m) => m.text)).toEqual(['thanks, solved']);
  });

  it('keeps a user’s other task working when the user is removed from one task', async () => {
    const backend = await startBackend();
    const left = uniqueTaskId();
    const kept = uniqueTaskId();
    await backend.createTask(left, [{ userId: 'ann', role: 'customer' }]);
    await backend.createTask(kept, [{ userId: 'ann', role: 'customer' }]);
    const annKept = await join(backend, kept, 'ann', useBinaryProtocol);
    expect((await backend.admin('DELETE', `/tasks/${left}/participants/ann`)).status).toBe(200);
    // Ably revokes by clientId, so this connection is revoked too; the SDK renews it with a fresh token.
    await vi.waitFor(() => expect(annKept.requests.length).toBeGreaterThan(1), { timeout: 5000 });
    await vi.waitFor(() => expect(annKept.realtime.connection.state).toBe('connected'), { timeout: 5000 });
    await annKept.room.messages.send({ text: 'still in the other order' });
    expect(annKept.requests.at(-1)!.status).toBe(200);
  });

  it('renews a live connection with the new powers when a participant’s role changes', async () => {
    const backend = await startBackend();
    const task = uniqueTaskId('ticket');
    await backend.createTask(task, [
      { userId: 'ann', role: 'customer' },
      { userId: 'dana', role: 'agent' },
    ]);
    let role: 'agent' | 'customer' = 'agent';
    const dana = await widgetRealtime(
      `${backend.url}/api/token`,
      () => ({ participantToken: backend.participantToken({ userId: 'dana', task, role }) }),
      useBinaryProtocol,
    );
    const room = await dana.chat.rooms.get(dana.first.room);
    await room.attach();
    const ann = await join(backend, task, 'ann', useBinaryProtocol);
    const first = await ann.room.messages.send({ text: 'one' });
    await room.messages.delete(first.serial);

    role = 'customer';
    const changed = await backend.admin('PUT', `/tasks/${task}/participants/dana`, { role, name: 'Dana' });
    expect(changed.body.role).toBe('customer');
    await vi.waitFor(() => expect(dana.requests.at(-1)?.body?.role).toBe('customer'), { timeout: 5000 });
    await vi.waitFor(() => expect(dana.realtime.connection.state).toBe('connected'), { timeout: 5000 });
    const second = await ann.room.messages.send({ text: 'two' });
    await expect(room.messages.delete(second.serial)).rejects.toSatisfy((err) => errorCode(err) === 40160);
  });
});
