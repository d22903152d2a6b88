/**
 * fetch as an importer should call a vendor's API: waits out a spent rate limit before the next
 * request (GitLab's `RateLimit-Remaining: 0` with `RateLimit-Reset`), and retries a 429 or a 5xx
 * after the `Retry-After` the vendor gives (else 1, 2, 4 ... s). Used where the vendor's client
 * does not do this itself (GitLab's @gitbeaker retries 429/502 on a fixed backoff without reading
 * Retry-After; CircleCI has no client).
 */
import type { Progress } from './progress';

const RETRIES = 5;
/** A wait the vendor asks for is honoured up to this; a longer one fails the import with a clear error. */
const LONGEST_WAIT_S = 3600;

export interface PoliteFetch {
  (url: string, init?: RequestInit): Promise<Response>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Seconds to wait: Retry-After (seconds or an HTTP date), else, when the rate limit is spent
 * (RateLimit-Remaining: 0), until RateLimit-Reset (epoch seconds).
 */
export function waitSeconds(headers: Headers, nowMs: number): number | undefined {
  const after = headers.get('retry-after');
  if (after) {
    const seconds = /^\d+$/.test(after.trim()) ? Number(after) : (Date.parse(after) - nowMs) / 1000;
    if (Number.isFinite(seconds)) return Math.max(0, seconds);
  }
  const reset = headers.get('ratelimit-reset');
  if (headers.get('ratelimit-remaining')?.trim() === '0' && reset && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset) - nowMs / 1000);
  return undefined;
}

export function politeFetch(progress: Progress, now: () => number = Date.now): PoliteFetch {
  let notBefore = 0; // a spent rate limit: no request before this time (ms)
  return async (url, init) => {
    for (let attempt = 0; ; attempt++) {
      if (notBefore > now()) {
        progress.update(`rate limit spent: waiting ${Math.ceil((notBefore - now()) / 1000)} s`);
        await sleep(notBefore - now());
      }
      const res = await fetch(url, init).catch((err: Error & { cause?: Error }) => {
        throw new Error(`cannot reach ${new URL(url).origin}: ${err.cause?.message ?? err.message}`);
      });
      if (res.headers.get('ratelimit-remaining')?.trim() === '0') {
        const wait = waitSeconds(res.headers, now());
        if (wait !== undefined) notBefore = now() + Math.min(wait, LONGEST_WAIT_S) * 1000;
      }
      if (res.status !== 429 && res.status < 500) return res;
      await res.arrayBuffer();
      const { pathname } = new URL(url);
      if (attempt >= RETRIES) throw new Error(`${init?.method ?? 'GET'} ${pathname} answered ${res.status} ${RETRIES + 1} times`);
      const wait = waitSeconds(res.headers, now()) ?? 2 ** attempt;
      if (wait > LONGEST_WAIT_S) throw new Error(`${pathname} asks to wait ${Math.round(wait)} s; run the import again later`);
      progress.update(`${res.status} on ${pathname}: retrying in ${Math.ceil(wait)} s`);
      await sleep(wait * 1000);
    }
  };
}
