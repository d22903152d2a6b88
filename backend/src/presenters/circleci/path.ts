/**
 * CircleCI insights paths: {project-slug}/workflows[/{workflow}[/jobs[/{job}]]], where the slug
 * is `vcs/org/repo` (three segments) or one URL-encoded segment (`gh%2Facme%2Fapi`).
 */
import { notFound } from '../../http/errors';

export type InsightsPath =
  | { endpoint: 'workflows'; slug: string }
  | { endpoint: 'workflow_runs'; slug: string; workflow: string }
  | { endpoint: 'jobs'; slug: string; workflow: string }
  | { endpoint: 'job_runs'; slug: string; workflow: string; job: string };

/** `segments`: the decoded path segments after /api/v2/insights/. */
export function parseInsightsPath(segments: readonly string[]): InsightsPath {
  const slugLength = segments[0]?.includes('/') ? 1 : 3;
  const slug = segments.slice(0, slugLength).join('/');
  const rest = segments.slice(slugLength);
  if (slug.split('/').length !== 3 || slug.split('/').some((part) => !part) || rest[0] !== 'workflows') {
    throw notFound('Not found: expected /api/v2/insights/{vcs}/{org}/{repo}/workflows[/{workflow}[/jobs[/{job}]]]');
  }
  const [, workflow, jobs, job] = rest;
  if (rest.length === 1) return { endpoint: 'workflows', slug };
  if (rest.length === 2) return { endpoint: 'workflow_runs', slug, workflow };
  if (rest.length === 3 && jobs === 'jobs') return { endpoint: 'jobs', slug, workflow };
  if (rest.length === 4 && jobs === 'jobs') return { endpoint: 'job_runs', slug, workflow, job };
  throw notFound('Not found');
}
