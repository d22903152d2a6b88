/**
 * Every provisioned dashboard, by file name. Each must also be a dashboard of Grafana's own model
 * (@grafana/schema), so a wrongly typed field fails to compile.
 */
import type { Dashboard as GrafanaDashboard } from '@grafana/schema';
import { ci } from './ci';
import { delivery } from './delivery';
import { dora } from './dora';
import { tasks } from './tasks';
import { traffic } from './traffic';

export const dashboards = { 'delivery-overview': delivery, 'ci-workflows': ci, dora, 'api-traffic': traffic, 'task-instances': tasks } satisfies Record<string, GrafanaDashboard>;
