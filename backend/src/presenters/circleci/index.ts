/**
 * The CircleCI insights family (/api/v2/insights): workflow and job summaries, and their runs.
 * Token in Circle-Token (or Bearer); errors as {"message": "..."}.
 */
import type { Request } from 'express';
import type { ApiFamily } from '../../http/family';
import { notFound } from '../../http/errors';
import type { Store, TagFilter } from '../../store/Store';
import { recoveriesBy } from '../../statistics/recovery';
import { runMetrics, type RunKind } from '../../statistics/runInsights';
import { runPage } from '../../statistics/runHistory';
import { defaultBranchOf } from '../../statistics/defaultBranch';
import { single } from '../params';
import { decodePageToken, encodePageToken } from './pageToken';
import { parseInsightsPath, type InsightsPath } from './path';
import { jobRun, jobSummary, LISTED_STATUSES, workflowRun, workflowSummary } from './shapes';
import { branchScope, reportingWindow, runsWindow, type BranchScope } from './window';

const PREFIX = '/api/v2/insights';
/** Runs per page, and the most recent runs listed when no dates are given (CircleCI: 250). */
const PAGE_SIZE = 100;
const RECENT_RUNS = 250;

export const circleciFamily: ApiFamily = {
  name: 'circleci',
  prefixes: [PREFIX],
  tokenHeader: 'Circle-Token',
  renderError: (e) => ({ message: e.message }),
  endpoints: [
    { method: 'get', path: `${PREFIX}/{project-slug}/workflows`, summary: 'Metrics per workflow: reporting-window, branch, all-branches' },
    { method: 'get', path: `${PREFIX}/{project-slug}/workflows/{workflow-name}`, summary: 'Recent runs of a workflow: start-date, end-date, branch, all-branches, page-token' },
    { method: 'get', path: `${PREFIX}/{project-slug}/workflows/{workflow-name}/jobs`, summary: 'Metrics per job of a workflow: reporting-window, branch, all-branches, job-name' },
    { method: 'get', path: `${PREFIX}/{project-slug}/workflows/{workflow-name}/jobs/{job-name}`, summary: 'Recent runs of a job: start-date, end-date, branch, all-branches, page-token' },
  ],
  routes(router, { store, config }) {
    router.get(`${PREFIX}/*segments`, async (req, res) => {
      const path = parseInsightsPath(req.params.segments as unknown as string[]);
      const kind: RunKind = path.endpoint === 'workflows' || path.endpoint === 'workflow_runs' ? 'workflow_run' : 'job_run';
      const scope = branchScope(req.query);
      await mustExist(store, kind, path);
      const where: TagFilter = {
        project_slug: [path.slug], ...('workflow' in path ? { workflow: [path.workflow] } : {}),
        ...(await branchFilter(store, kind, path.slug, scope, config.defaultBranch)),
      };
      res.json(await answer(store, kind, path, where, req.query, Date.now()));
    });
  },
};

async function answer(store: Store, kind: RunKind, path: InsightsPath, where: TagFilter, query: Request['query'], now: number) {
  if (path.endpoint === 'workflows' || path.endpoint === 'jobs') {
    const window = reportingWindow(query, now);
    const scope = path.endpoint === 'jobs' ? await jobsNamed(store, where, single(query, 'job-name')) : where;
    const groupBy = path.endpoint === 'workflows' ? 'workflow' : 'job';
    const [metrics, recovered] = await Promise.all([
      runMetrics(store, kind, scope, window, groupBy),
      path.endpoint === 'workflows' ? recoveriesBy(store, kind, scope, window, 'workflow') : undefined,
    ]);
    const names = [...metrics.keys()].sort();
    const items = names.map((name) => (recovered
      ? workflowSummary(name, metrics.get(name)!, recovered.get(name) ?? { count: 0, meanSeconds: null }, window, path.slug)
      : jobSummary(name, metrics.get(name)!, window)));
    return { next_page_token: null, items };
  }
  const { range, explicit } = runsWindow(query, now);
  const token = single(query, 'page-token');
  const cursor = token ? decodePageToken(token) : { offset: 0, toMs: range.toMs };
  const listed = explicit ? Infinity : RECENT_RUNS;
  const limit = Math.min(PAGE_SIZE, listed - cursor.offset);
  const rows = limit > 0
    ? await runPage(store, kind, path.endpoint === 'job_runs' ? { ...where, job: [path.job] } : where, { fromMs: range.fromMs, toMs: cursor.toMs }, { offset: cursor.offset, limit: limit + 1 }, LISTED_STATUSES[kind])
    : [];
  const more = rows.length > limit && cursor.offset + limit < listed;
  return {
    next_page_token: more ? encodePageToken({ offset: cursor.offset + limit, toMs: cursor.toMs }) : null,
    items: rows.slice(0, limit).map((row) => (path.endpoint === 'workflow_runs' ? workflowRun(row) : jobRun(row))),
  };
}

/**
 * `job-name` on /jobs: "the full job name or just a substring of the job name" (the document).
 * The matching names come from the tag index, then filter as any other tag.
 */
async function jobsNamed(store: Store, where: TagFilter, jobName: string | undefined): Promise<TagFilter> {
  if (!jobName) return where;
  const names = await store.tagValues('job_run', 'job', where);
  return { ...where, job: names.filter((name) => name.includes(jobName)) };
}

/**
 * CircleCI scopes a request without branch or all-branches to the project's default branch.
 * A run that names no branch counts as on the default branch (the tag filter's '' is "no tag").
 */
async function branchFilter(store: Store, kind: RunKind, slug: string, scope: BranchScope, fallback: string): Promise<TagFilter> {
  if ('all' in scope) return {};
  if ('branch' in scope) return { branch: [scope.branch] };
  return { branch: [(await defaultBranchOf(store, kind, slug)) ?? fallback, ''] };
}

/** An unknown project or workflow is a 404, as CircleCI answers it. */
async function mustExist(store: Store, kind: RunKind, path: InsightsPath): Promise<void> {
  if (!(await store.tagValues(kind, 'project_slug', { project_slug: [path.slug] })).length) throw notFound('Project not found');
  if ('workflow' in path && !(await store.tagValues(kind, 'workflow', { project_slug: [path.slug], workflow: [path.workflow] })).length) {
    throw notFound('Workflow not found');
  }
}
