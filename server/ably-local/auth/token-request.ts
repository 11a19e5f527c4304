import { createHmac, timingSafeEqual } from 'node:crypto';

/** A TokenRequest as ably-js signs it (RSA9). Numbers may arrive as strings when relayed through an authUrl. */
export interface TokenRequest {
  keyName: string;
  ttl?: number | string;
  capability?: string;
  clientId?: string;
  timestamp: number | string;
  nonce: string;
  mac?: string;
}

/** The MAC ably-js computes: HMAC-SHA256 over the fields joined by newlines, with a trailing newline. */
export function tokenRequestMac(request: TokenRequest, secret: string): string {
  const text =
    [
      request.keyName,
      request.ttl ?? '',
      request.capability ?? '',
      request.clientId ?? '',
      request.timestamp,
      request.nonce,
    ].join('\n') + '\n';
  return createHmac('sha256', secret).update(text).digest('base64');
}

export function macMatches(request: TokenRequest, secret: string): boolean {
  if (typeof request.mac !== 'string') return false;
  const expected = Buffer.from(tokenRequestMac(request, secret));
  const given = Buffer.from(request.mac);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
