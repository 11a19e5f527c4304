import type { Request, Response } from 'express';
import { AblyError, errors } from '../protocol/ably-error.js';
import { decodeBody, encodeBody, type WireFormat } from '../protocol/codec.js';
import { assertBodyNesting } from '../protocol/item-shape.js';

/**
 * Request and response encoding for the REST API (DESIGN §7.1): Accept-driven JSON/msgpack bodies, the
 * `envelope` wrapper browsers ask for, Link headers, and the one place errors become HTTP.
 */
export function responseFormat(req: Request): WireFormat {
  const envelope = req.query.envelope;
  if (envelope === 'msgpack') return 'msgpack';
  if (envelope === 'json') return 'json';
  return (req.get('accept') ?? '').includes('application/x-msgpack') ? 'msgpack' : 'json';
}

/** The decoded request body; a body nested deeper than anything below may walk → 400/40000 (DESIGN §2.4). */
export function requestBody(req: Request): unknown {
  const raw = req.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) return undefined;
  const type = (req.get('content-type') ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded')
    return Object.fromEntries(new URLSearchParams(raw.toString()));
  if (type === 'text/plain') return { data: raw.toString('utf8') };
  const body = decodeBody(raw, type === 'application/x-msgpack' ? 'msgpack' : 'json');
  assertBodyNesting(body, 'decode body');
  return body;
}

const CONTENT_TYPE: Record<WireFormat, string> = {
  json: 'application/json',
  msgpack: 'application/x-msgpack',
};

/** Whether the client asked for its answer wrapped in an envelope (`?envelope=json|msgpack`, browsers). */
function wantsEnvelope(req: Request): boolean {
  return req.query.envelope === 'json' || req.query.envelope === 'msgpack';
}

/** 204, or an enveloped 204 when the SDK asked for an envelope (it decodes either). */
export function sendNoContent(req: Request, res: Response): void {
  if (wantsEnvelope(req)) sendBody(req, res, 204, null);
  else res.status(204).end();
}

/** Sends a body (already in wire form) with an optional Link header, enveloped when asked. */
export function sendBody(req: Request, res: Response, status: number, body: unknown, link?: string): void {
  const format = responseFormat(req);
  if (wantsEnvelope(req)) {
    const headers: Record<string, string> = {};
    if (link) headers.link = link;
    return write(res, 200, format, { statusCode: status, response: body, headers });
  }
  if (link) res.set('Link', link);
  write(res, status, format, body);
}

/** The single translation of errors to HTTP: Ably ErrorInfo body plus X-Ably-Error* headers. */
export function sendError(req: Request, res: Response, err: unknown): void {
  const error = AblyError.from(err);
  const wire = error.toWire();
  if (wantsEnvelope(req)) {
    return write(res, 200, responseFormat(req), {
      statusCode: error.statusCode,
      response: { error: wire },
      headers: { 'x-ably-errorcode': String(error.code), 'x-ably-errormessage': headerMessage(error) },
    });
  }
  setErrorHeaders(res, error);
  write(res, error.statusCode, responseFormat(req), { error: wire });
}

/** The `X-Ably-Errorcode` and `X-Ably-Errormessage` headers of an error answer. */
export function setErrorHeaders(res: Response, error: AblyError): void {
  res.set('X-Ably-Errorcode', String(error.code));
  res.set('X-Ably-Errormessage', headerMessage(error));
}

/** Header values are ASCII: anything else in the message becomes `?`. */
function headerMessage(error: AblyError): string {
  return error.message.replace(/[^\x20-\x7e]/g, '?');
}

function write(res: Response, status: number, format: WireFormat, body: unknown): void {
  // Exactly `application/json`: Node ably-js only decodes error bodies with that header (DESIGN §7.1).
  // setHeader, not res.set: Express would append `; charset=utf-8`.
  res.statusCode = status;
  res.setHeader('Content-Type', CONTENT_TYPE[format]);
  res.end(encodeBody(body, format));
}

/** Query helpers that reject nonsense with 40003 instead of guessing. */
export function intParam(req: Request, name: string, fallback?: number): number | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(n)) {
    throw new AblyError(40003, 400, `invalid request parameter ${name}; expected a number`);
  }
  return n;
}

export function stringParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AblyError(40003, 400, `invalid request parameter ${name}`);
  return value;
}

export function limitParam(req: Request): number {
  const limit = intParam(req, 'limit', 100)!;
  if (limit < 1 || limit > 1000 || !Number.isInteger(limit)) {
    throw new AblyError(40003, 400, 'invalid request parameter limit; must be 1 to 1000');
  }
  return limit;
}

export function directionParam(req: Request): 'backwards' | 'forwards' {
  const direction = stringParam(req, 'direction') ?? 'backwards';
  if (direction !== 'backwards' && direction !== 'forwards') {
    throw new AblyError(40003, 400, 'invalid request parameter direction; backwards or forwards');
  }
  return direction;
}

export { errors };
