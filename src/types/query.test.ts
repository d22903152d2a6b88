/** The plugin's side of the query model: defaults, kind switching and validation messages. */
import { changeKind, DEFAULTS, optionsOf, Query, queryDisplayText, QueryKinds, validate, withDefaults, type FlowmeterQuery } from './query';

test('every kind has defaults the contract accepts once its required names are filled', () => {
  const filled = { projectSlug: 'gh/a/b', workflow: 'w', job: 'j', projectId: 'p', instanceId: 'i', apiId: 'a' };
  for (const kind of QueryKinds) {
    const names = Object.fromEntries(optionsOf(kind).filter((o) => o in filled).map((o) => [o, filled[o as keyof typeof filled]]));
    expect(Query.safeParse({ refId: 'A', ...DEFAULTS[kind], ...names }).success).toBe(true);
  }
});

test('changeKind keeps the options the new kind takes, drops the others, keeps Grafana\'s fields', () => {
  const build = { refId: 'A', datasource: { uid: 'x' }, kind: 'build', projects: ['p'] } as FlowmeterQuery;
  expect(changeKind(build, 'release')).toEqual({ refId: 'A', datasource: { uid: 'x' }, kind: 'release', projects: ['p'], format: 'daily' });
  expect(changeKind(build, 'rollback')).toEqual({ refId: 'A', datasource: { uid: 'x' }, kind: 'rollback' });
  const jobRuns = { refId: 'B', kind: 'job_runs', projectSlug: 'gh/a/b', workflow: 'w', job: 'j', branch: 'main' } as FlowmeterQuery;
  expect(changeKind(jobRuns, 'workflows')).toEqual({ refId: 'B', kind: 'workflows', projectSlug: 'gh/a/b', branch: 'main' });
});

test('withDefaults: old saved queries without a kind or options', () => {
  expect(withDefaults({ refId: 'A' })).toEqual({ refId: 'A', kind: 'build', projects: [] });
  expect(withDefaults({ refId: 'A', kind: 'deploy' } as FlowmeterQuery)).toEqual({ refId: 'A', kind: 'deploy', projects: [], format: 'daily' });
});

test('validate: messages a user can act on', () => {
  expect(validate({ refId: 'A', kind: 'build', projects: [] })).toEqual([]);
  expect(validate({ refId: 'A', kind: 'job_runs', projectSlug: 'gh/a/b', workflow: '', job: '' })).toEqual([
    { path: 'workflow', message: 'Workflow is required' },
    { path: 'job', message: 'Job is required' },
  ]);
  expect(validate({ refId: 'A', kind: 'nope' } as unknown as FlowmeterQuery)[0].message).toMatch(/^Choose a query kind/);
});

test('queryDisplayText: the kind\'s label and the options set, in the contract\'s order (Explore\'s history)', () => {
  expect(queryDisplayText({ refId: 'A', kind: 'build', projects: ['payments', 'search'] })).toBe('Builds · projects: payments, search');
  expect(queryDisplayText({ refId: 'A', kind: 'build', projects: [] })).toBe('Builds');
  expect(queryDisplayText({ refId: 'A', kind: 'job_runs', projectSlug: 'gh/a/b', workflow: 'w', job: 'unit', branch: '' })).toBe('CI job runs · projectSlug: gh/a/b · workflow: w · job: unit');
  expect(queryDisplayText({ refId: 'A', kind: 'task_overview', projectId: 'p1', isOwn: true })).toBe('Task instances · projectId: p1 · isOwn: yes');
  expect(queryDisplayText({ refId: 'A' })).toBe('Flowmeter query');
});
