/** Lookup options: variables first, the service's values once per input, a failure not remembered. */
import { lookupOptions } from './lookupOptions';
import { dateTime } from '@grafana/data';
import type { DataSource } from '../data/DataSource';

function datasourceAnswering(answers: Array<string[] | Error>) {
  const calls: Array<[string, Record<string, string | undefined>]> = [];
  const ranges: unknown[] = [];
  const datasource = {
    lookup: async (name: string, filters: Record<string, string | undefined>, _scopedVars: unknown, range: unknown) => {
      calls.push([name, filters]);
      ranges.push(range);
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer ?? [];
    },
    variableNames: () => ['$project'],
  } as unknown as DataSource;
  return { datasource, calls, ranges };
}

test('variables first, then values; narrowed by what is typed; one request for many keystrokes', async () => {
  const { datasource, calls } = datasourceAnswering([['payments', 'search']]);
  const options = lookupOptions(datasource, 'services', { project: 'payments' });
  expect((await options('')).map((o) => o.value)).toEqual(['$project', 'payments', 'search']);
  expect((await options('SEA')).map((o) => o.value)).toEqual(['search']);
  expect(calls).toEqual([['services', { project: 'payments' }]]);
});

test('a failed lookup offers the variables, and is asked again next time', async () => {
  const { datasource, calls } = datasourceAnswering([new Error('503'), ['payments']]);
  const options = lookupOptions(datasource, 'projects');
  expect((await options('')).map((o) => o.value)).toEqual(['$project']);
  expect((await options('')).map((o) => o.value)).toEqual(['$project', 'payments']);
  expect(calls).toHaveLength(2);
});

test('the editor\'s time range goes with the lookup', async () => {
  const { datasource, ranges } = datasourceAnswering([['payments']]);
  const range = { from: dateTime(1000), to: dateTime(2000), raw: { from: 'now-1h', to: 'now' } };
  await lookupOptions(datasource, 'projects', {}, range)('');
  expect(ranges).toEqual([range]);
});
