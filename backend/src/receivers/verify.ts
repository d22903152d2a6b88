/**
 * Sender verification in constant time. Both sides are hashed to fixed-length digests first,
 * so neither the comparison's time nor an early length check says anything about the secret.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const digest = (text: string | Buffer): Buffer => createHash('sha256').update(text).digest();

/** Whether `presented` equals `expected`, in time independent of where they differ. */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/** HMAC-SHA256 of the raw body, as lower-case hex (GitHub's and CircleCI's signatures). */
export const hmacHex = (secret: string, body: Buffer): string => createHmac('sha256', secret).update(body).digest('hex');

/** Whether `presentedHex` is the HMAC-SHA256 of the body under the secret. */
export function signedBy(secret: string, body: Buffer, presentedHex: string | undefined): boolean {
  if (presentedHex === undefined) return false;
  return sameSecret(presentedHex.toLowerCase(), hmacHex(secret, body));
}

/** A single header value (Node joins repeated ones with ", "; a signature never repeats). */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
