/**
 * All-or-nothing validation: every item is checked, and any invalid one rejects the batch
 * with one entry per problem, so nothing of a bad batch is written.
 */
import { Event } from '../../../contract/events';
import { ApiError } from '../http/errors';

export interface ItemError {
  readonly index: number;
  readonly path: string;
  readonly message: string;
}

/** Stop listing problems after this many; the batch is rejected either way. */
const MAX_DETAILS = 100;

/**
 * The valid events, one by one. Every item is checked; after the last, if any was invalid, it
 * throws one error listing the problems, so a consumer that stores only when the iteration
 * ends (Store.write) stores nothing of a bad batch.
 */
export function* validEvents(items: Iterable<unknown>): Generator<Event> {
  const details: ItemError[] = [];
  let invalid = 0;
  let index = 0;
  for (const item of items) {
    const result = Event.safeParse(item);
    if (result.success) {
      if (invalid === 0) yield result.data;
    } else {
      invalid++;
      for (const issue of result.error.issues) {
        if (details.length < MAX_DETAILS) details.push({ index, path: issue.path.join('.'), message: issue.message });
      }
    }
    index++;
  }
  if (index === 0) throw new ApiError('bad_request', 'no events in the body');
  if (invalid > 0) {
    throw new ApiError('bad_request', `${invalid} of ${index} events are invalid; nothing was written`, undefined, { details });
  }
}
