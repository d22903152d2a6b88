/** DataArts task instances: how many are in each status. */
import { bars, dashboard, pie, table, textVariable } from '../grafana';

const overview = { kind: 'task_overview', projectId: '$project_id', workspace: '$workspace', isOwn: false } as const;

export const tasks = dashboard({
  uid: 'flowmeter-tasks',
  title: 'Flowmeter / Task instances',
  description: 'Task instances by status (the latest status of each instance planned in the time range).',
  variables: [textVariable('project_id', 'Project ID', 'dataarts-1'), textVariable('workspace', 'Workspace', 'analytics')],
  panels: [
    pie('Instances by status', overview, 'status', 'count'),
    bars('Instances per status', overview, 'status', 'count', 'short', { w: 12, h: 9 }),
    table('Status counts', overview, ['status', 'count']),
  ],
});
