/**
 * Request body -> list of raw items: one JSON object, a JSON array, or NDJSON (one per line).
 * Syntax errors name the line, so a client can find the bad event in a large NDJSON batch.
 */
import { ApiError } from '../http/errors';

export type BodyFormat = 'json' | 'ndjson';

export function contentFormat(contentType: string | undefined): BodyFormat | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl') return 'ndjson';
  return undefined;
}

export function parseItems(text: string, format: BodyFormat): unknown[] {
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ApiError('bad_request', `body is not valid JSON: ${(err as Error).message}`);
    }
    return Array.isArray(value) ? value : [value];
  }
  const items: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      items.push(JSON.parse(line));
    } catch (err) {
      throw new ApiError('bad_request', `line ${i + 1} is not valid JSON: ${(err as Error).message}`, undefined, {
        details: [{ index: items.length, line: i + 1, path: '', message: 'not valid JSON' }],
      });
    }
  }
  return items;
}
