/** DataArts task instances: how many are in each status. */
import { OUTCOME_COLOURS } from '../fieldConfig';
import { dashboard, pie, table, textVariable } from '../grafana';

const overview = { kind: 'task_overview', projectId: '$project_id', workspace: '$workspace', isOwn: false } as const;

export const tasks = dashboard({
  uid: 'flowmeter-tasks',
  title: 'Flowmeter / Task instances',
  description: 'Task instances by status (the latest status of each instance planned in the time range).',
  variables: [textVariable('project_id', 'Project ID', 'dataarts-1'), textVariable('workspace', 'Workspace', 'analytics')],
  panels: [
    pie('Instances by status', overview, 'status', 'count', {
      slices: Object.keys(OUTCOME_COLOURS), size: { w: 14, h: 9 },
      description: 'Share of the task instances planned in the time range by their latest status: success green, fail red, running exception orange, skipped or stopped grey.',
    }),
    table('Status counts', overview, ['status', 'count'], { rows: 6, nonZero: 'count', w: 10, description: 'Task instances planned in the time range per latest status.' }),
  ],
});
