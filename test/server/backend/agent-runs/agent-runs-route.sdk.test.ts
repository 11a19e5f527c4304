import * as Ably from 'ably';
import { describe, expect, it, vi } from 'vitest';
import {
  agentChannelFor,
  notificationsChannelFor,
} from '../../../../server/backend/ably-auth/channel-names.js';
import { ErrorCode } from '../../../../server/backend/errors.js';
import { rest } from '../../../support/local-ably.js';
import { errorCode, joinRoom } from '../backend-harness.js';
import { agentTask, headersOf, shown, startRun, stopRun, streamOutput } from './agent-run-harness.js';

const WORDS = ['Your ', 'order ', 'left ', 'the ', 'warehouse ', 'this ', 'morning.'];

describe('agent runs over HTTP, watched through the real SDKs', () => {
  it('streams a run word by word into one message, closes it complete and posts the reply as the bot', async () => {
    const { backend, task, ann, agentChannel, onAgentChannel, chat, signals } = await agentTask();
    const started = await startRun(backend, task, { agentId: 'help-bot', userId: 'ann', inReplyTo: 'x@y' });
    expect(started.status).toBe(201);
    const { run, serial } = started.body;
    expect(started.body).toEqual({
      run: expect.stringMatching(/^[0-9a-f-]{36}$/),
      task,
      agentId: 'help-bot',
      userId: 'ann',
      status: 'streaming',
      channel: agentChannelFor(task),
      serial: expect.any(String),
    });
    // The room's signal, and a token issued now, both tell the element a run is live.
    await vi.waitFor(() =>
      expect(signals.map((m) => m.data)).toEqual([{ run, agentId: 'help-bot', userId: 'ann' }]),
    );
    const token = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'dana', task, role: 'agent' }),
    });
    expect(token.body.agentRuns).toEqual([{ run, agentId: 'help-bot', userId: 'ann' }]);
    await vi.waitFor(() => expect(onAgentChannel).toHaveLength(1));
    expect(onAgentChannel[0]).toMatchObject({
      action: 'message.create',
      serial,
      clientId: 'help-bot',
      data: '',
    });
    expect(headersOf(onAgentChannel[0]!)).toEqual({
      runId: run,
      agentId: 'help-bot',
      userId: 'ann',
      status: 'streaming',
      inReplyTo: 'x@y',
    });

    const output = streamOutput(backend, task, run);
    for (const word of WORDS) {
      output.write(word);
      await vi.waitFor(() => expect(shown(onAgentChannel)).toContain(word));
    }
    expect(onAgentChannel.filter((m) => m.action === 'message.append').length).toBeGreaterThan(1);
    output.end();
    const answer = await output.answer;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ run, status: 'complete', replySerial: expect.any(String) });

    const text = WORDS.join('');
    await vi.waitFor(() => expect(headersOf(onAgentChannel.at(-1)!).status).toBe('complete'));
    expect(onAgentChannel.at(-1)).toMatchObject({ action: 'message.update', data: text });
    expect(headersOf(onAgentChannel.at(-1)!).replySerial).toBe(answer.body.replySerial);
    await vi.waitFor(() => expect(chat).toHaveLength(1));
    const reply = chat[0]!.message;
    expect(reply).toMatchObject({ clientId: 'help-bot', text, metadata: { agentRun: run } });
    expect(reply.serial).toBe(answer.body.replySerial);
    expect(JSON.parse(reply.userClaim!)).toEqual({ role: 'bot', name: 'Help bot' });
    // One combined message per run in history, and nothing live any more.
    const history = await agentChannel.history();
    expect(history.items.map((m) => [m.data, headersOf(m).status])).toEqual([[text, 'complete']]);
    const after = await backend.requestToken({
      participantToken: backend.participantToken({ userId: 'ann', task, role: 'customer' }),
    });
    expect(after.body.agentRuns).toEqual([]);
    expect(ann.realtime.connection.state).toBe('connected');
  });

  it('takes NDJSON lines of {"text"} split anywhere, multi-byte characters included', async () => {
    const { backend, task, onAgentChannel } = await agentTask();
    const { run } = (await startRun(backend, task)).body;
    const output = streamOutput(backend, task, run, 'application/x-ndjson');
    const lines = `${JSON.stringify({ text: 'Grüße ' })}\n\n${JSON.stringify({ text: 'aus 🇩🇪' })}\n`;
    const bytes = new TextEncoder().encode(lines);
    for (let i = 0; i < bytes.length; i += 5) output.write(bytes.slice(i, i + 5));
    output.end();
    expect((await output.answer).body.status).toBe('complete');
    await vi.waitFor(() => expect(onAgentChannel.at(-1)?.data).toBe('Grüße aus 🇩🇪'));
  });

  it('answers the agent at once with cancelled when its user stops the run, keeping the partial text', async () => {
    const { backend, task, onAgentChannel, chat } = await agentTask();
    const { run } = (await startRun(backend, task)).body;
    const output = streamOutput(backend, task, run);
    output.write('Let me check ');
    await vi.waitFor(() => expect(shown(onAgentChannel)).toBe('Let me check '));
    expect((await stopRun(backend, task, run, 'dana', 'agent')).body.error.code).toBe(
      ErrorCode.NotTheRunUser,
    );
    const stopped = await stopRun(backend, task, run, 'ann');
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ run, status: 'cancelled' });
    // The agent is still sending; its request is answered without waiting for the end of its body.
    const answer = await output.answer;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ run, status: 'cancelled' });
    expect(answer.headers.get('connection')).toBe('close');
    output.write('more text nobody wants');
    await vi.waitFor(() => expect(headersOf(onAgentChannel.at(-1)!).status).toBe('cancelled'));
    expect(onAgentChannel.at(-1)!.data).toBe('Let me check ');
    expect((await stopRun(backend, task, run, 'ann')).body.status).toBe('cancelled');
    expect(chat).toEqual([]);
  });

  it('closes a run stopped before its output started, and refuses output for it', async () => {
    const { backend, task, onAgentChannel } = await agentTask();
    const { run } = (await startRun(backend, task)).body;
    expect((await stopRun(backend, task, run, 'ann')).body.status).toBe('cancelled');
    await vi.waitFor(() => expect(headersOf(onAgentChannel.at(-1)!).status).toBe('cancelled'));
    const output = streamOutput(backend, task, run);
    output.write('late');
    output.end();
    const answer = await output.answer;
    expect([answer.status, answer.body.error.code]).toEqual([409, ErrorCode.AgentRunEnded]);
  });

  it('fails a run whose agent goes quiet, with a clear error and the text it sent', async () => {
    const { backend, task, onAgentChannel } = await agentTask({ idleTimeoutMs: 300 });
    const { run } = (await startRun(backend, task)).body;
    const output = streamOutput(backend, task, run);
    output.write('Thinking');
    const answer = await output.answer;
    expect([answer.status, answer.body.error.code]).toEqual([408, ErrorCode.AgentRunIdle]);
    await vi.waitFor(() => expect(headersOf(onAgentChannel.at(-1)!).status).toBe('failed'));
    expect(onAgentChannel.at(-1)!.data).toBe('Thinking');
    expect(headersOf(onAgentChannel.at(-1)!).reason).toMatch(/stopped sending/);
  });

  it('fails a run over the size limit with 413, keeping the text up to the limit', async () => {
    const { backend, task, onAgentChannel } = await agentTask({ maxBytes: 12 });
    const { run } = (await startRun(backend, task)).body;
    const output = streamOutput(backend, task, run);
    output.write('Twelve bytes');
    output.write('é and more');
    const answer = await output.answer;
    expect([answer.status, answer.body.error.code]).toEqual([413, ErrorCode.AgentRunTooLarge]);
    await vi.waitFor(() => expect(headersOf(onAgentChannel.at(-1)!).status).toBe('failed'));
    expect(onAgentChannel.at(-1)!.data).toBe('Twelve bytes');
  });

  it('fails a run whose NDJSON line is malformed with 400 / 1047, keeping what came before', async () => {
    const { backend, task, onAgentChannel } = await agentTask();
    const { run } = (await startRun(backend, task)).body;
    const output = streamOutput(backend, task, run, 'application/x-ndjson');
    output.write('{"text":"ok "}\n{"txt":"no"}\n');
    output.end();
    const answer = await output.answer;
    expect([answer.status, answer.body.error.code]).toEqual([400, ErrorCode.MalformedAgentOutput]);
    await vi.waitFor(() => expect(headersOf(onAgentChannel.at(-1)!).status).toBe('failed'));
    expect(onAgentChannel.at(-1)!.data).toBe('ok ');
  });

  it('refuses runs for a closed task, a non-participant, a non-bot agent, and unknown or taken runs', async () => {
    const { backend, task } = await agentTask();
    const codeOf = async (body: Record<string, unknown>) => {
      const r = await startRun(backend, task, body);
      return [r.status, r.body.error?.code];
    };
    expect(await codeOf({ agentId: 'dana', userId: 'ann' })).toEqual([403, ErrorCode.NotAnAgent]);
    expect(await codeOf({ agentId: 'nobody', userId: 'ann' })).toEqual([403, ErrorCode.NotAnAgent]);
    expect(await codeOf({ agentId: 'help-bot', userId: 'zed' })).toEqual([422, ErrorCode.NotAParticipant]);
    expect(await codeOf({ agentId: 'help-bot' })).toEqual([400, ErrorCode.MalformedBody]);
    const unknown = streamOutput(backend, task, '00000000-0000-4000-8000-000000000000');
    unknown.end();
    expect((await unknown.answer).body.error.code).toBe(ErrorCode.UnknownAgentRun);
    const { run } = (await startRun(backend, task)).body;
    const first = streamOutput(backend, task, run);
    first.write('a');
    const second = streamOutput(backend, task, run);
    second.end();
    expect((await second.answer).body.error.code).toBe(ErrorCode.AgentRunOutputTaken);
    first.end();
    expect((await first.answer).body.status).toBe('complete');
    const noSecret = await fetch(`${backend.url}/api/tasks/${task}/agent-runs`, { method: 'POST' });
    expect(noSecret.status).toBe(401);
    await backend.admin('POST', `/tasks/${task}/close`);
    expect(await codeOf({ agentId: 'help-bot', userId: 'ann' })).toEqual([409, ErrorCode.TaskClosed]);
  });

  it('refuses a participant who appends to or rewrites the agent’s run with 40160', async () => {
    const { backend, task, agentChannel } = await agentTask();
    const { serial } = (await startRun(backend, task)).body;
    await expect(agentChannel.appendMessage({ serial, data: 'forged' })).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
    await expect(agentChannel.updateMessage({ serial, data: 'forged' })).rejects.toSatisfy(
      (err) => errorCode(err) === 40160,
    );
  });

  it('sends the agent-complete push when the user is away, and none when they are in the room', async () => {
    // Who is in the room from Ably's REST presence: this test has no presence webhook feeding the Store.
    const { backend, task, ann } = await agentTask({}, false, { presence: 'rest' });
    const watcher = new Ably.Realtime({
      ...backend.ably.clientOptions,
      disableConnectivityCheck: true,
      logLevel: 0,
    });
    try {
      const notifications = watcher.channels.get(notificationsChannelFor('ann'));
      const alerts: Ably.InboundMessage[] = [];
      await notifications.subscribe((m) => void alerts.push(m));
      const runOnce = async () => {
        const { run } = (await startRun(backend, task)).body;
        const output = streamOutput(backend, task, run);
        output.write('Done.');
        output.end();
        expect((await output.answer).body.status).toBe('complete');
        return run;
      };
      await ann.room.presence.enter();
      await vi.waitFor(async () => expect((await ann.room.presence.get()).length).toBe(1));
      await runOnce();
      await ann.room.presence.leave();
      await vi.waitFor(async () => expect(await ann.room.presence.get()).toEqual([]));
      await runOnce();
      await vi.waitFor(() => expect(alerts).toHaveLength(1));
      expect(alerts[0]).toMatchObject({ name: 'agent-complete', data: { task } });
      expect((alerts[0]!.extras as { push: { notification: unknown } }).push.notification).toMatchObject({
        title: `Order ${task}`,
        body: 'Your agent has finished',
      });
    } finally {
      watcher.close();
    }
  });

  it('shows a late joiner the run so far as one message, then only what follows', async () => {
    const { backend, task } = await agentTask();
    const { run } = (await startRun(backend, task)).body;
    const output = streamOutput(backend, task, run);
    output.write('First half, ');
    const dana = await joinRoom(backend, task, 'dana', 'agent', false);
    await vi.waitFor(async () =>
      expect(
        (await rest(backend.ably, false).channels.get(agentChannelFor(task)).history()).items[0]?.data,
      ).toBe('First half, '),
    );
    const late = dana.realtime.channels.get(`[?rewind=1]${dana.first.agentChannel}`);
    const seen: Ably.InboundMessage[] = [];
    await late.subscribe((m) => void seen.push(m));
    await vi.waitFor(() => expect(shown(seen)).toBe('First half, '));
    output.write('second half.');
    output.end();
    await output.answer;
    await vi.waitFor(() => expect(headersOf(seen.at(-1)!).status).toBe('complete'));
    expect(shown(seen)).toBe('First half, second half.');
  });
});
