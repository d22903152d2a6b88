/** Huawei's duration strings: an integer and a unit, h or m, hours before minutes ("1h", "90m", "2h45m"). */
export function parseDuration(text: string): { ms: number; minutesOnly: boolean } | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  const ms = (Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60_000;
  return ms > 0 ? { ms, minutesOnly: m[1] === undefined } : undefined;
}
