/** The verified role in a room user claim (`{"role","name"}`), if any. */
export function parseClaimRole(claim: string | undefined): string | undefined {
  if (!claim) return undefined;
  try {
    const value = JSON.parse(claim) as { role?: unknown };
    return typeof value.role === 'string' ? value.role : undefined;
  } catch {
    return undefined; // not our claim: no role
  }
}
