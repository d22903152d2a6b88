/**
 * Task instances by status. Each instance is one point (keyed by instance id), so its latest
 * event is its status and a sum of the one-hot status fields counts instances.
 */
import { TaskStatuses, type TaskStatus } from '../../../contract/events';
import { statusField } from '../store/schema';
import type { Store, TagFilter, TimeRange } from '../store/Store';

export type TaskStatusCounts = Readonly<Record<TaskStatus, number>> & { readonly total: number };

export async function taskStatusCounts(store: Store, where: TagFilter, range: TimeRange): Promise<TaskStatusCounts> {
  const [row] = await store.aggregate({
    measurement: 'task_instance', where, range,
    select: Object.fromEntries(TaskStatuses.map((s) => [s, { fn: 'sum' as const, field: statusField(s) }])),
  });
  const counts = Object.fromEntries(TaskStatuses.map((s) => [s, row?.values[s] ?? 0])) as Record<TaskStatus, number>;
  return { ...counts, total: TaskStatuses.reduce((n, s) => n + counts[s], 0) };
}
