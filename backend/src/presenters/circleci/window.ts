/** CircleCI's time and branch parameters. */
import type { Request } from 'express';
import { badRequest } from '../../http/errors';
import type { TimeRange } from '../../store/Store';
import { boolean, single } from '../params';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** reporting-window values and their length; the default is last-90-days. */
export const REPORTING_WINDOWS: Record<string, number> = {
  'last-24-hours': DAY, 'last-7-days': 7 * DAY, 'last-30-days': 30 * DAY, 'last-60-days': 60 * DAY, 'last-90-days': 90 * DAY,
};

export function reportingWindow(query: Request['query'], now: number): TimeRange {
  const name = single(query, 'reporting-window') ?? 'last-90-days';
  const length = REPORTING_WINDOWS[name];
  if (!length) throw badRequest(`reporting-window must be one of ${Object.keys(REPORTING_WINDOWS).join(', ')}`);
  return { fromMs: now - length, toMs: now };
}

/** start-date/end-date (RFC 3339), end exclusive, else the last 90 days; at most 90 days either way. */
export function runsWindow(query: Request['query'], now: number): { range: TimeRange; explicit: boolean } {
  const start = date(query, 'start-date');
  const end = date(query, 'end-date');
  if (start === undefined && end === undefined) return { range: { fromMs: now - 90 * DAY, toMs: now }, explicit: false };
  // The document: start-date "must be specified if an end-date is provided".
  if (start === undefined) throw badRequest('start-date must be given with end-date');
  const toMs = end ?? now;
  const fromMs = start;
  if (toMs < fromMs) throw badRequest('end-date must not be before start-date');
  if (toMs - fromMs > 90 * DAY) throw badRequest('the range between start-date and end-date must be at most 90 days');
  // Runs "that started at or after" start-date and "before" end-date.
  return { range: { fromMs, toMs }, explicit: true };
}

function date(query: Request['query'], name: string): number | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw badRequest(`${name} must be an RFC 3339 date-time, not "${text}"`);
  return ms;
}

/** Which branches a request covers: one named, all, or (neither given) the project's default. */
export type BranchScope = { readonly branch: string } | { readonly all: true } | { readonly defaultBranch: true };

export function branchScope(query: Request['query']): BranchScope {
  const all = boolean(query, 'all-branches');
  const branch = single(query, 'branch');
  if (all && branch) throw badRequest('give either branch or all-branches, not both');
  if (branch) return { branch };
  return all ? { all: true } : { defaultBranch: true };
}
