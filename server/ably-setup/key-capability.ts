/**
 * What a key's capability lacks of what the project needs, one `"op, op on resource"` entry per resource
 * (docs/production.md). Conservative: a wanted
 * resource is covered by the same resource, by `[*]*`, by `*` (every channel without a `[qualifier]`), or by a
 * broader `prefix:*`; anything subtler counts as missing, so `--check` never calls a key sufficient that Ably
 * might not. Pure.
 */
export function missingCapability(
  capability: Readonly<Record<string, readonly string[]>>,
  wanted: Readonly<Record<string, readonly string[]>>,
): string[] {
  const missing: string[] = [];
  for (const [resource, operations] of Object.entries(wanted)) {
    const covering = Object.entries(capability).filter(([held]) => covers(held, resource));
    const lacking = operations.filter(
      (operation) => !covering.some(([, ops]) => ops.includes('*') || ops.includes(operation)),
    );
    if (lacking.length > 0) missing.push(`${lacking.join(', ')} on ${resource}`);
  }
  return missing;
}

function covers(held: string, wanted: string): boolean {
  if (held === wanted || held === '[*]*') return true;
  if (held === '*') return !wanted.startsWith('[');
  return held.endsWith(':*') && wanted.startsWith(held.slice(0, -1));
}
