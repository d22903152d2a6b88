/** Every provisioned dashboard, by file name. */
import { ci } from './ci';
import { delivery } from './delivery';
import { dora } from './dora';
import { tasks } from './tasks';
import { traffic } from './traffic';

export const dashboards = { 'delivery-overview': delivery, 'ci-workflows': ci, dora, 'api-traffic': traffic, 'task-instances': tasks };
