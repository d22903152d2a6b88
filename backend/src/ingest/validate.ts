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

export function validateEvents(items: readonly unknown[]): Event[] {
  const events: Event[] = [];
  const details: ItemError[] = [];
  let invalid = 0;
  items.forEach((item, index) => {
    const result = Event.safeParse(item);
    if (result.success) {
      events.push(result.data);
      return;
    }
    invalid++;
    for (const issue of result.error.issues) {
      if (details.length < MAX_DETAILS) details.push({ index, path: issue.path.join('.'), message: issue.message });
    }
  });
  if (invalid > 0) {
    throw new ApiError('bad_request', `${invalid} of ${items.length} events are invalid; nothing was written`, undefined, { details });
  }
  return events;
}
