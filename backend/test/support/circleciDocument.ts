/** CircleCI's published schemas of the four Insights operations (fixtures/circleci-insights-openapi.json). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaErrors, type Schema } from './openapiSchema';

export type InsightsOperation = 'getProjectWorkflowMetrics' | 'getProjectWorkflowRuns' | 'getProjectWorkflowJobMetrics' | 'getProjectJobRuns';

const document = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'circleci-insights-openapi.json'), 'utf8')) as {
  operations: Record<InsightsOperation, { response200: Schema }>;
};

/** Where the answer does not decode as CircleCI's document types it (empty when it does). */
export const circleciSchemaErrors = (operation: InsightsOperation, body: unknown): string[] =>
  schemaErrors(document.operations[operation].response200, body, { strict: true });

/** The document's enum of a run list's status. */
export const statusEnum = (operation: 'getProjectWorkflowRuns' | 'getProjectJobRuns'): string[] =>
  document.operations[operation].response200.properties!.items!.items!.properties!.status.enum as string[];
