/** Runs of a workflow or job, newest first, a page at a time. */
import type { Row, Store, TagFilter, TimeRange } from '../store/Store';
import type { RunKind } from './runInsights';
import { statusField } from '../store/schema';

const COLUMNS: Record<RunKind, string[]> = {
  workflow_run: ['id', 'branch', 'status', 'duration', 'credits_used', 'created_at', 'stopped_at', 'is_approval'],
  job_run: ['id', 'branch', 'status', 'duration', 'credits_used', 'started_at', 'stopped_at'],
};

/** `statuses`: only runs with one of these (all when absent). */
export function runPage(store: Store, kind: RunKind, where: TagFilter, range: TimeRange, page: { offset: number; limit: number }, statuses?: readonly string[]): Promise<Row[]> {
  return store.rows({
    measurement: kind, where, range, order: 'desc', columns: COLUMNS[kind], offset: page.offset, limit: page.limit,
    ...(statuses ? { anyFlag: statuses.map(statusField) } : {}),
  });
}
