/**
 * The query help (Explore's and the panel editor's "?" beside the query): every kind with what it
 * answers and an example to start from, taken from the contract's kinds and the editor's defaults.
 */
import type { QueryEditorHelpProps } from '@grafana/data';
import { Button, Stack, Text } from '@grafana/ui';
import { DEFAULTS, QueryKindLabels, QueryKinds, queryDisplayText, type FlowmeterQuery, type QueryKind } from '../types/query';

/** Names the required options of an example need (the demo's, as in the README). */
const EXAMPLE_NAMES: Partial<Record<QueryKind, Record<string, string>>> = {
  workflows: { projectSlug: 'gh/acme/payments' },
  workflow_runs: { projectSlug: 'gh/acme/payments', workflow: 'build-test' },
  jobs: { projectSlug: 'gh/acme/payments', workflow: 'build-test' },
  job_runs: { projectSlug: 'gh/acme/payments', workflow: 'build-test', job: 'unit' },
  api_metrics: { projectId: 'proj-1', instanceId: 'apig-1' },
  api_latest: { apiId: 'orders' },
  task_overview: { projectId: 'dataarts-1' },
};

export const exampleQuery = (kind: QueryKind, refId: string): FlowmeterQuery => ({ refId, ...DEFAULTS[kind], ...EXAMPLE_NAMES[kind] }) as FlowmeterQuery;

export function QueryHelp({ query, onClickExample }: QueryEditorHelpProps<FlowmeterQuery>) {
  return (
    <Stack direction="column" gap={1}>
      <Text element="h3">Flowmeter query kinds</Text>
      <Text color="secondary">Pick a kind, then its options; every text option may hold dashboard variables ($project). A query runs once it is valid.</Text>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {QueryKinds.map((kind) => {
          const example = exampleQuery(kind, query.refId ?? 'A');
          return (
            <li key={kind} data-testid={`help-${kind}`} style={{ marginBottom: 8 }}>
              <Stack direction="row" gap={1} alignItems="center">
                <Text weight="medium">{QueryKindLabels[kind].label}</Text>
                <Text color="secondary">{QueryKindLabels[kind].description}</Text>
              </Stack>
              <Stack direction="row" gap={1} alignItems="center">
                <code>{queryDisplayText(example)}</code>
                <Button size="sm" variant="secondary" fill="text" aria-label={`Use the ${QueryKindLabels[kind].label} example`} onClick={() => onClickExample(example)}>Use</Button>
              </Stack>
            </li>
          );
        })}
      </ul>
    </Stack>
  );
}
