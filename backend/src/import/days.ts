/** The UTC days an import walks, oldest first (YYYY-MM-DD): a checkpoint is kept after each. */
const DAY = 86_400_000;

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function daysBetween(sinceMs: number, nowMs: number): string[] {
  const first = Date.parse(`${isoDay(sinceMs)}T00:00:00Z`);
  const days: string[] = [];
  for (let t = first; t <= nowMs; t += DAY) days.push(isoDay(t));
  return days;
}
