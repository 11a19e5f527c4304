import { AblyError, errors } from '../protocol/ably-error.js';

/** Longest channel name accepted, qualifier included (DESIGN §4.1; Ably sets none and advises < 2048). */
export const MAX_CHANNEL_NAME_LENGTH = 512;

/** A channel name as a client wrote it, resolved to the channel it names (DESIGN §4.1, §4.3). */
export interface ChannelName {
  /** The channel itself: storage, capability matching and fan-out key. */
  name: string;
  /** Params from a `[?…]` qualifier (`[?rewind=1]foo` → `{rewind: '1'}`). */
  params: Record<string, string>;
}

/**
 * Ably's channel-name rule (DESIGN §4.1): a string of 1–512 characters, no line breaks, not starting with `:`,
 * `,` or whitespace. `[?params]name` is channel `name` with those params; `[meta]name` is a metachannel;
 * derived `[filter=…]` channels (Ably's JMESPath subscription filters) are not emulated (DESIGN §10) and,
 * like any other `[` prefix, are 40010 rather than delivered unfiltered.
 * Pure.
 */
export function resolveChannelName(wireName: unknown): ChannelName {
  if (typeof wireName !== 'string') throw errors.invalidChannel(String(wireName));
  assertPlainName(wireName);
  if (!wireName.startsWith('[?')) {
    assertQualifier(wireName);
    return { name: wireName, params: {} };
  }
  const end = wireName.indexOf(']');
  const name = end < 0 ? '' : wireName.slice(end + 1);
  if (end < 0 || name.startsWith('[?')) throw errors.invalidChannel(wireName);
  assertPlainName(name);
  assertQualifier(name);
  return { name, params: Object.fromEntries(new URLSearchParams(wireName.slice(2, end))) };
}

/** Throws 40010 unless `name` is a valid channel name without a `[?params]` qualifier. */
export function assertValidChannelName(name: string): void {
  if (resolveChannelName(name).name !== name) throw errors.invalidChannel(name);
}

function assertPlainName(name: string): void {
  if (name.length === 0 || /[\r\n]/.test(name) || /^[:,\s]/.test(name)) throw errors.invalidChannel(name);
  if (name.length > MAX_CHANNEL_NAME_LENGTH) {
    throw new AblyError(
      40010,
      400,
      `invalid channel name; longer than ${MAX_CHANNEL_NAME_LENGTH} characters`,
    );
  }
}

function assertQualifier(name: string): void {
  if (!name.startsWith('[')) return;
  if (name.startsWith('[filter=')) {
    throw new AblyError(
      40010,
      400,
      `invalid channel name: ${JSON.stringify(name)}; derived [filter=…] channels (subscription filters) are not emulated (DESIGN §10)`,
    );
  }
  if (!/^\[meta\][^\s:,[]/.test(name)) throw errors.invalidChannel(name);
}
