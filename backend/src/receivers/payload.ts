/** Reading a sender's payload: only the fields a mapping uses, checked, with a clear 400 otherwise. */
import { z } from 'zod';
import type { EventInput } from '../../../contract/events';
import { ApiError } from '../http/errors';

/** The payload as `schema` reads it, or a 400 that names the sender, the event and the field. */
export function readPayload<S extends z.ZodType>(schema: S, payload: unknown, what: string): z.output<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ApiError('bad_request', `${what} payload is not as documented: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Seconds between two epoch-ms instants, or undefined when either is missing or they are reversed. */
export function secondsBetween(fromMs: number | undefined, toMs: number | undefined): number | undefined {
  if (fromMs === undefined || toMs === undefined || toMs < fromMs) return undefined;
  return (toMs - fromMs) / 1000;
}

/** An RFC 3339 time (as senders write them) to epoch ms; undefined when absent or unreadable. */
export function timeOf(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** An environment name that means production, for senders that do not say so themselves. */
export const looksLikeProduction = (env: string): boolean => /^(prod|production|live)$/i.test(env.trim());

/**
 * A commit of a project at the time it was made: pushing it again (another branch, a
 * redelivery) replaces it, so one project and sha is one commit.
 */
export function commitEvent(project: string, sha: string, timeMs: number | undefined, branch: string | undefined): EventInput {
  return { kind: 'commit', id: `${project}@${sha.toLowerCase()}`, project, sha, time: timeMs!, branch };
}
