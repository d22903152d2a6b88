/**
 * The zone sent with a query (it defines "a day"): Grafana's request says 'browser', 'utc', an
 * IANA name, or nothing (the dashboard's default).
 */
export const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function resolveTimeZone(requested: string | undefined, configuredDefault: string | undefined): string {
  if (requested === 'browser') return browserTimeZone();
  if (requested?.toLowerCase() === 'utc') return 'UTC';
  if (requested && requested !== 'default') return requested;
  return configuredDefault || browserTimeZone();
}

/** Every IANA zone this browser knows (for the config editor). */
export const knownTimeZones = (): string[] => Intl.supportedValuesOf('timeZone');
