import type { AgentRunAnswer, AgentRunRequest, ErrorBody } from '../contract/api-contract.js';

/** Where the backend is and which run to start (`POST /api/tasks/:task/agent-runs`). */
export interface StartRunOptions extends AgentRunRequest {
  /** The backend's API root, e.g. `https://chat.example.com/api` (where `/tasks/…` lives). */
  apiUrl: string;
  /** The backend's `SERVER_SECRET` (never in a browser). */
  serverSecret: string;
  /** The task the run answers in. */
  task: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
}

/** A run's HTTP error: the backend's code (docs/http-api.md) and status. */
export class AgentRunError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AgentRunError';
  }
}

/**
 * One agent run streaming into a task's chat. `write` sends text as it is generated (nothing waits for the
 * network); `end` ends the reply and resolves with how the run ended; `signal` aborts when the run ends before
 * that — its user pressed Stop (`reason` `cancelled`) or the backend failed it — so pass it to the model's
 * request and generation stops with it.
 */
export interface AgentRun {
  /** The run id. */
  readonly id: string;
  /** The run as `POST …/agent-runs` answered it. */
  readonly started: AgentRunAnswer;
  /** Aborts when the run ends before {@link end}: `signal.reason` is `cancelled`, or the failure. */
  readonly signal: AbortSignal;
  /** Sends a piece of the reply; ignored once the run has ended. */
  write(text: string): void;
  /** Ends the reply; resolves with the run's end (`complete`, or `cancelled` if the user stopped it first). */
  end(): Promise<AgentRunAnswer>;
  /** Writes every piece of `pieces` then ends; stops reading them as soon as the run ends. */
  pipe(pieces: AsyncIterable<string>): Promise<AgentRunAnswer>;
  /** Gives up: the body breaks off and the run fails, with what was sent kept. */
  abort(): void;
}

/**
 * Starts an agent run and opens its output stream: the Node helper over the HTTP API (docs/backend.md §8).
 * @example
 * const run = await startRun({ apiUrl, serverSecret, task: 'ticket-42', agentId: 'help-bot', userId: 'ann' });
 * for await (const chunk of await openai.chat.completions.create({ model, messages, stream: true }, { signal: run.signal }))
 *   run.write(chunk.choices[0]?.delta?.content ?? '');
 * const { status } = await run.end(); // 'complete', or 'cancelled' when Ann pressed Stop
 */
export async function startRun(options: StartRunOptions): Promise<AgentRun> {
  const call = options.fetch ?? fetch;
  const base = `${options.apiUrl.replace(/\/+$/, '')}/tasks/${encodeURIComponent(options.task)}/agent-runs`;
  const authorization = `Bearer ${options.serverSecret}`;
  const request: AgentRunRequest = {
    agentId: options.agentId,
    userId: options.userId,
    ...(options.inReplyTo === undefined ? {} : { inReplyTo: options.inReplyTo }),
  };
  const response = await call(base, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const started = (await answerOf(response, 'start agent run')) as AgentRunAnswer;
  return new StreamingRun(call, `${base}/${started.run}/output`, authorization, started);
}

class StreamingRun implements AgentRun {
  readonly id: string;
  private readonly _controller = new AbortController();
  private _body!: ReadableStreamDefaultController<Uint8Array>;
  private _open = true;
  private readonly _encoder = new TextEncoder();
  private readonly _answer: Promise<AgentRunAnswer>;

  constructor(
    call: typeof fetch,
    url: string,
    authorization: string,
    readonly started: AgentRunAnswer,
  ) {
    this.id = started.run;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this._body = controller;
      },
      cancel: () => {
        this._open = false;
      },
    });
    this._answer = call(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/plain; charset=utf-8' },
      body,
      duplex: 'half',
    } as RequestInit)
      .then((response) => answerOf(response, 'stream agent output') as Promise<AgentRunAnswer>)
      .then(
        (answer) => {
          this._closed(answer.status);
          return answer;
        },
        (err: unknown) => {
          this._closed(err);
          throw err;
        },
      );
    // Whoever reads the run learns of its end through `end()`; the signal carries it meanwhile.
    this._answer.catch(() => undefined);
  }

  get signal(): AbortSignal {
    return this._controller.signal;
  }

  write(text: string): void {
    if (!this._open || text.length === 0) return;
    try {
      this._body.enqueue(this._encoder.encode(text));
    } catch {
      this._open = false;
    }
  }

  async end(): Promise<AgentRunAnswer> {
    if (this._open) {
      this._open = false;
      try {
        this._body.close();
      } catch {
        // The backend already answered and closed the request.
      }
    }
    return this._answer;
  }

  async pipe(pieces: AsyncIterable<string>): Promise<AgentRunAnswer> {
    for await (const piece of pieces) {
      if (this.signal.aborted) break;
      this.write(piece);
    }
    return this.end();
  }

  abort(): void {
    if (!this._open) return;
    this._open = false;
    this._body.error(new Error('the agent gave up'));
  }

  /** The run ended (its answer, or an error) before or after `end()`: writes stop and the signal fires. */
  private _closed(reason: unknown): void {
    this._open = false;
    if (reason !== 'complete') this._controller.abort(reason);
  }
}

async function answerOf(response: Response, operation: string): Promise<unknown> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) return body;
  const error = (body as ErrorBody | undefined)?.error;
  throw new AgentRunError(
    error?.message ?? `unable to ${operation}; the backend answered ${response.status}`,
    error?.code,
    response.status,
  );
}
