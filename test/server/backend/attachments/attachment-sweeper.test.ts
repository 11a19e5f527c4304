import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type * as Ably from 'ably';
import { afterEach, describe, expect, it } from 'vitest';
import { chatChannelFor } from '../../../../server/backend/ably-auth/channel-names.js';
import {
  AttachmentSweeper,
  DEFAULT_SWEEP,
} from '../../../../server/backend/attachments/attachment-sweeper.js';
import { DiskStorage } from '../../../../server/backend/attachments/disk-storage.js';
import { attachmentKeys } from '../../../../server/backend/attachments/object-storage.js';
import { createLogger } from '../../../../server/backend/logger.js';
import { SqliteStore } from '../../../../server/backend/store/sqlite-store.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'sweeper-'));
  const store = new SqliteStore(':memory:');
  cleanups.push(
    () => store.close(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  const storage = new DiskStorage(dir);
  const clock = { now: 1_000_000 };
  const sweeper = new AttachmentSweeper(
    store,
    storage,
    DEFAULT_SWEEP,
    createLogger({ level: 'silent' }),
    () => clock.now,
  );
  const taskId = 'order:1';
  await store.upsertTask({ id: taskId, type: 'order', title: 't', url: null }, 1);
  await store.upsertParticipant({ taskId, userId: 'ann', role: 'buyer', name: 'Ann' }, 1);
  /** A kept file of Ann's, its bytes on disk. */
  const kept = async (id: string) => {
    await store.createAttachment({
      id,
      taskId,
      userId: 'ann',
      name: 'a.png',
      size: 1,
      createdAt: clock.now,
      uploadExpiresAt: clock.now + 1000,
    });
    await store.completeAttachment(
      id,
      { name: 'a.png', type: 'image/png', storedSize: 1, width: 1, height: 1, thumbnail: true },
      clock.now,
    );
    for (const key of [attachmentKeys(id).file, attachmentKeys(id).thumbnail])
      await storage.put(key, Readable.from([Buffer.from('x')]), 1);
  };
  return { store, storage, sweeper, clock, taskId, kept };
}

const message = (fields: Partial<Ably.InboundMessage>) => fields as Ably.InboundMessage;
const id = (n: number) => n.toString(16).padStart(32, '0');

describe('AttachmentSweeper', () => {
  it('keeps files their sender’s messages list and deletes those no message listed after a day', async () => {
    const { store, storage, sweeper, clock, taskId, kept } = await setUp();
    await kept(id(1));
    await kept(id(2));
    await sweeper.onChannelMessages(chatChannelFor(taskId), [
      message({
        action: 'message.create',
        serial: 's1',
        clientId: 'ann',
        data: { text: '', metadata: { attachments: [{ id: id(1) }] } },
      }),
      // Metadata is untrusted: another participant's message cannot claim Ann's file, and junk is skipped.
      message({
        action: 'message.create',
        serial: 's2',
        clientId: 'sam',
        data: { text: '', metadata: { attachments: [{ id: id(2) }, 'junk', null] } },
      }),
    ]);
    clock.now += DEFAULT_SWEEP.unlinkedTtlMs + 1;
    expect(await sweeper.sweep()).toBe(1);
    expect(await store.getAttachment(id(1))).toBeDefined();
    expect(await store.getAttachment(id(2))).toBeUndefined();
    expect(await storage.size(attachmentKeys(id(2)).file)).toBeUndefined();
    expect(await storage.size(attachmentKeys(id(1)).file)).toBe(1);
  });

  it('deletes the files of a deleted message at the next sweep', async () => {
    const { store, storage, sweeper, taskId, kept } = await setUp();
    await kept(id(3));
    const channel = chatChannelFor(taskId);
    await sweeper.onChannelMessages(channel, [
      message({
        action: 'message.create',
        serial: 's3',
        clientId: 'ann',
        data: { text: 'vase', metadata: { attachments: [{ id: id(3) }] } },
      }),
    ]);
    await sweeper.onChannelMessages(channel, [
      message({ action: 'message.delete', serial: 's3', clientId: 'ann', data: { text: '' } }),
    ]);
    expect(await sweeper.sweep()).toBe(1);
    expect(await store.getAttachment(id(3))).toBeUndefined();
    expect(await storage.size(attachmentKeys(id(3)).thumbnail)).toBeUndefined();
  });

  it('deletes an upload announced but never completed once its window has passed', async () => {
    const { store, sweeper, clock, taskId } = await setUp();
    await store.createAttachment({
      id: id(4),
      taskId,
      userId: 'ann',
      name: 'a',
      size: 1,
      createdAt: clock.now,
      uploadExpiresAt: clock.now + 1000,
    });
    expect(await sweeper.sweep()).toBe(0);
    clock.now += 1001;
    expect(await sweeper.sweep()).toBe(1);
  });

  it('sweeps at most once per interval when asked on every request', async () => {
    const { store, sweeper, clock, taskId } = await setUp();
    await store.createAttachment({
      id: id(5),
      taskId,
      userId: 'ann',
      name: 'a',
      size: 1,
      createdAt: clock.now,
      uploadExpiresAt: clock.now - 1,
    });
    sweeper.maybeSweep();
    await sweeper.running;
    expect(await store.getAttachment(id(5))).toBeUndefined();
    await store.createAttachment({
      id: id(6),
      taskId,
      userId: 'ann',
      name: 'a',
      size: 1,
      createdAt: clock.now,
      uploadExpiresAt: clock.now - 1,
    });
    sweeper.maybeSweep();
    expect(sweeper.running).toBeUndefined();
    clock.now += DEFAULT_SWEEP.intervalMs;
    sweeper.maybeSweep();
    await sweeper.running;
    expect(await store.getAttachment(id(6))).toBeUndefined();
  });
});
