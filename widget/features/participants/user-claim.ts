/** What the backend puts in the room user claim (`{"role","name"}`), which Ably stamps and nobody can forge. */
export interface ClaimedIdentity {
  role?: string;
  name?: string;
}

/** Parses a user claim; anything malformed reads as no claim (the clientId is shown instead). */
export function parseUserClaim(claim: string | undefined): ClaimedIdentity {
  if (!claim) return {};
  try {
    const value = JSON.parse(claim) as unknown;
    if (typeof value !== 'object' || value === null) return {};
    const { role, name } = value as Record<string, unknown>;
    return {
      ...(typeof role === 'string' && role ? { role } : {}),
      ...(typeof name === 'string' && name ? { name } : {}),
    };
  } catch {
    return {}; // not JSON: a claim someone else issued; show the clientId
  }
}
