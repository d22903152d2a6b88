/**
 * Request body -> list of raw items: one JSON object, a JSON array, or NDJSON (one per line).
 * Syntax errors name the line, so a client can find the bad event in a large NDJSON batch.
 */
import { ApiError } from '../http/errors';

export type BodyFormat = 'json' | 'ndjson';

export function contentFormat(contentType: string | undefined): BodyFormat | undefined {
  const [type, ...params] = (contentType ?? '').toLowerCase().split(';').map((part) => part.trim());
  // JSON between systems is UTF-8 (RFC 8259 §8.1): a body declared otherwise would be misread.
  const charset = params.find((param) => param.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') return undefined;
  if (type === 'application/json') return 'json';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl') return 'ndjson';
  return undefined;
}

/**
 * The body's items one by one. NDJSON is decoded and parsed a line at a time, so each line and
 * item can be garbage before the next is read: a batch never exists as one big string or as
 * thousands of objects at once.
 */
export function* readItems(body: Buffer, format: BodyFormat): Generator<unknown> {
  // No BOM: JSON.parse would refuse it.
  const from = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8', from));
    } catch (err) {
      throw new ApiError('bad_request', `body is not valid JSON: ${(err as Error).message}`);
    }
    if (Array.isArray(value)) yield* value;
    else yield value;
    return;
  }
  let index = 0;
  // A newline byte is never part of a multi-byte UTF-8 character, nor raw inside a JSON text.
  for (let start = from, lineNumber = 1; start < body.length; lineNumber++) {
    const newline = body.indexOf(NEWLINE, start);
    const end = newline === -1 ? body.length : newline;
    const line = body.toString('utf8', start, end);
    start = end + 1;
    if (!line.trim()) continue;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch (err) {
      throw new ApiError('bad_request', `line ${lineNumber} is not valid JSON: ${(err as Error).message}`, undefined, {
        details: [{ index, line: lineNumber, path: '', message: 'not valid JSON' }],
      });
    }
    index++;
    yield item;
  }
}

const NEWLINE = 0x0a;
