/**
 * The next row for Up/Down/Home/End in a list with one tab stop (roving tabindex); undefined for other keys.
 * `current` is the focused row's index, -1 when none (then the newest is the start).
 */
export function nextRow(key: string, current: number, count: number): number | undefined {
  if (count === 0) return undefined;
  const from = current === -1 ? count - 1 : current;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  if (key === 'ArrowUp') return Math.max(0, from - 1);
  if (key === 'ArrowDown') return Math.min(count - 1, from + 1);
  return undefined;
}
