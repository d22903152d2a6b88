/** Template variables from lookups, against the real service; filters take $variables. */
import { lastValueFrom } from 'rxjs';
import type { DataFrame } from '@grafana/data';
import type { VariableSupport } from './VariableSupport';
import { realDataSource } from '../test/realDataSource';
import { queryRequest } from '../test/request';
import { WEEK } from '../test/dataset';
import type { VariableQuery } from '../types/variable';

let variables: VariableSupport;

beforeEach(() => {
  variables = realDataSource({ variables: { project: ['payments', 'search'], one: 'payments', slug: 'gh/acme/api' } }).variables as VariableSupport;
});

async function values(query: Omit<VariableQuery, 'refId'>, range = WEEK): Promise<string[]> {
  const response = await lastValueFrom(variables.query(queryRequest([{ refId: 'variable', ...query }], range)));
  const [frame] = response.data as DataFrame[];
  expect(frame.fields.map((f) => f.name)).toEqual(['text', 'value']);
  return frame.fields[0].values;
}

test('projects: every project that sent a delivery event', async () => {
  expect(await values({ lookup: 'projects' })).toEqual(['checkout', 'payments', 'search']);
});

test('services narrowed by one project, then by a multi-value variable', async () => {
  expect(await values({ lookup: 'services', filters: { project: '$one' } })).toEqual(['api']);
  expect(await values({ lookup: 'services', filters: { project: '$project' } })).toEqual(['api', 'indexer']);
});

test('CI: workflows of a project slug, jobs of a workflow; filters a lookup does not take are dropped', async () => {
  expect(await values({ lookup: 'workflows', filters: { project_slug: '$slug' } })).toEqual(['build-test', 'nightly']);
  expect(await values({ lookup: 'jobs', filters: { project_slug: 'gh/acme/api', workflow: 'build-test', project: 'ignored' } })).toEqual(['unit']);
});

test('apis of a project and instance', async () => {
  expect(await values({ lookup: 'apis', filters: { project_id: 'p1', instance_id: 'i1' } })).toEqual(['orders', 'refunds']);
});

test('a query saved without options falls back to projects', async () => {
  const response = await lastValueFrom(variables.query(queryRequest([{ refId: 'variable' } as VariableQuery], WEEK)));
  expect((response.data as DataFrame[])[0].fields[0].values).toEqual(['checkout', 'payments', 'search']);
});

test('values follow the dashboard\'s range: only projects with events in it', async () => {
  const day = (d: number) => ({ from: WEEK.from + d * 86_400_000, to: WEEK.from + (d + 1) * 86_400_000 });
  expect(await values({ lookup: 'projects' }, day(0))).toEqual(['payments']);
  expect(await values({ lookup: 'projects' }, day(1))).toEqual(['search']);
  // checkout's build and payments' rollback
  expect(await values({ lookup: 'projects' }, day(3))).toEqual(['checkout', 'payments']);
  expect(await values({ lookup: 'projects' }, { from: WEEK.to, to: WEEK.to + 86_400_000 })).toEqual([]);
});
