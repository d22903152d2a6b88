/**
 * Request body -> list of raw items: one JSON object, a JSON array, or NDJSON (one per line).
 * Syntax errors name the line, so a client can find the bad event in a large NDJSON batch.
 */
import { isUtf8 } from 'node:buffer';
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
 *
 * UTF-8 is decoded strictly: an invalid byte sequence, or a `\uD800`-style escape that leaves
 * half a surrogate pair, is a 400 naming the line (a lenient decoder would store U+FFFD instead
 * of what the client sent). The whole body is checked once (a newline byte is never inside a
 * multi-byte character, so it is valid exactly when every line is), and the lines are then
 * sliced without a decoder of their own: a call per line cost ~0.25 µs an event.
 */
export function* readItems(body: Buffer, format: BodyFormat): Generator<unknown> {
  // No BOM: JSON.parse would refuse it.
  const from = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  const valid = isUtf8(body.subarray(from));
  if (format === 'json') {
    if (!valid) throw encodingError(firstInvalidLine(body, from), INVALID_UTF8);
    const text = body.toString('utf8', from);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ApiError('bad_request', `body is not valid JSON: ${(err as Error).message}`);
    }
    refuseLoneSurrogates(text, value, () => lineAt(text, LONE_SURROGATE_ESCAPE.exec(text)?.index ?? 0), 0);
    if (Array.isArray(value)) yield* value;
    else yield value;
    return;
  }
  let index = 0;
  // A newline byte is never part of a multi-byte UTF-8 character, nor raw inside a JSON text.
  for (let start = from, lineNumber = 1; start < body.length; lineNumber++) {
    const newline = body.indexOf(NEWLINE, start);
    const end = newline === -1 ? body.length : newline;
    // Only a body known to be invalid is checked line by line, to name the line.
    if (!valid && !isUtf8(body.subarray(start, end))) throw encodingError(lineNumber, INVALID_UTF8, index);
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
    refuseLoneSurrogates(line, item, () => lineNumber, index);
    index++;
    yield item;
  }
}

const NEWLINE = 0x0a;

const INVALID_UTF8 = 'not valid UTF-8 (an invalid byte sequence)';

/** Only called once the body is known to be invalid: the line of the first invalid byte sequence. */
function firstInvalidLine(body: Buffer, from: number): number {
  for (let start = from, lineNumber = 1; start < body.length; lineNumber++) {
    const newline = body.indexOf(NEWLINE, start);
    const end = newline === -1 ? body.length : newline;
    if (!isUtf8(body.subarray(start, end))) return lineNumber;
    start = end + 1;
  }
  return 1;
}

/**
 * A `\uD800`-`\uDFFF` escape not part of a pair. The text is only a hint (an escaped
 * backslash can look like one): the parsed strings decide, and only when the hint matched.
 */
const LONE_SURROGATE_ESCAPE = /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuseLoneSurrogates(text: string, value: unknown, line: () => number, index: number): void {
  // Most texts have no \u escape at all: a plain search rules it out before the expression runs.
  if (!text.includes('\\u') || !LONE_SURROGATE_ESCAPE.test(text) || !hasLoneSurrogate(value)) return;
  throw encodingError(line(), 'not valid Unicode (a \\u escape of half a surrogate pair)', index);
}

function hasLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasLoneSurrogate);
  if (value && typeof value === 'object') return Object.entries(value).some(([key, v]) => LONE_SURROGATE.test(key) || hasLoneSurrogate(v));
  return false;
}

function encodingError(line: number, message: string, index?: number): ApiError {
  return new ApiError('bad_request', `line ${line} is ${message}; the body must be UTF-8`, undefined, {
    details: [{ ...(index === undefined ? {} : { index }), line, path: '', message }],
  });
}

const lineAt = (text: string, offset: number): number => {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};
