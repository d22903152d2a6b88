/**
 * Opaque page tokens: where the next page starts, and the end of the range the first page saw,
 * so later pages stay on the same list while new runs arrive.
 */
import { badRequest } from '../../http/errors';

export interface PageCursor {
  readonly offset: number;
  readonly toMs: number;
}

export const encodePageToken = (cursor: PageCursor): string => Buffer.from(JSON.stringify([cursor.offset, cursor.toMs])).toString('base64url');

export function decodePageToken(token: string): PageCursor {
  try {
    const [offset, toMs] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (Number.isInteger(offset) && (offset as number) > 0 && Number.isInteger(toMs)) return { offset: offset as number, toMs: toMs as number };
  } catch { /* falls through */ }
  throw badRequest('page-token is not valid');
}
