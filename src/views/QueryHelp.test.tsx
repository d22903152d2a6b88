/** The query help lists every kind, and its examples are queries the contract accepts. */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Query, QueryKindLabels, QueryKinds, type FlowmeterQuery } from '../types/query';
import { exampleQuery, QueryHelp } from './QueryHelp';

test('every kind is listed with its label and an example the contract accepts', () => {
  render(<QueryHelp query={{ refId: 'A' } as FlowmeterQuery} datasource={undefined as never} onClickExample={() => {}} />);
  for (const kind of QueryKinds) {
    expect(screen.getByTestId(`help-${kind}`)).toHaveTextContent(QueryKindLabels[kind].label);
    expect([kind, Query.safeParse(exampleQuery(kind, 'A')).success]).toEqual([kind, true]);
  }
});

test('"Use" hands the example to Grafana, keeping the query\'s refId', async () => {
  const used: FlowmeterQuery[] = [];
  render(<QueryHelp query={{ refId: 'B' } as FlowmeterQuery} datasource={undefined as never} onClickExample={(q) => used.push(q)} />);
  await userEvent.click(screen.getByRole('button', { name: 'Use the CI job runs example' }));
  expect(used).toEqual([{ refId: 'B', kind: 'job_runs', projectSlug: 'gh/acme/payments', workflow: 'build-test', job: 'unit' }]);
});
