/**
 * CircleCI history import: one project's pipelines, their workflows and the workflows' jobs,
 * read from CircleCI's API v2 (plain fetch: CircleCI publishes no Node client) and paginated by
 * next_page_token. Each workflow and job is turned into the workflow-completed/job-completed
 * webhook payload and goes through the CircleCI receiver's own mapping: CircleCI's workflow and
 * job ids are the events' ids, so an import and the webhooks never count a run twice.
 */
import type { EventInput } from '../../../contract/events';
import { mapCircleci } from '../receivers/circleci/map';
import type { ImportRun } from './sink';
import { bar } from './progress';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { politeFetch } from './politeFetch';

export interface CircleciImportOptions extends ImportRun {
  /** gh/ORG/REPO, bb/ORG/REPO, circleci/ORG-ID/PROJECT-ID (or github/..., bitbucket/...). */
  readonly projectSlug: string;
  /** https://circleci.com/api/v2 (default), or a CircleCI server's. */
  readonly apiUrl?: string;
}

export interface CircleciImportSummary { pipelines: number; workflows: number; jobs: number; events: number; complete: boolean }

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LONG = { gh: 'github', bb: 'bitbucket' } as Record<string, string>;
const SHORT = { github: 'gh', bitbucket: 'bb' } as Record<string, string>;

/** The slug as the webhooks write it (github/ORG/REPO), which the API writes gh/ORG/REPO. */
export function webhookSlug(slug: string): string {
  const [vcs, ...rest] = slug.split('/');
  return [LONG[vcs] ?? vcs, ...rest].join('/');
}

function apiSlug(slug: string): string {
  const [vcs, ...rest] = slug.split('/');
  return [SHORT[vcs] ?? vcs, ...rest].map(encodeURIComponent).join('/');
}

/** GET and every page after it (next_page_token), lazily. */
async function* pages(get: (path: string) => Promise<Json>, path: string): AsyncGenerator<Json[]> {
  let token: string | null | undefined;
  do {
    const page = await get(token ? `${path}?page-token=${encodeURIComponent(token)}` : path);
    yield (page.items ?? []) as Json[];
    token = page.next_page_token;
  } while (token);
}

export async function importCircleci(o: CircleciImportOptions): Promise<CircleciImportSummary> {
  const send = politeFetch(o.progress);
  const base = (o.apiUrl ?? 'https://circleci.com/api/v2').replace(/\/+$/, '');
  const get = async (path: string): Promise<Json> => {
    const res = await send(`${base}${path}`, { headers: { accept: 'application/json', ...(o.token ? { 'circle-token': o.token } : {}) } });
    const text = await res.text();
    if (!res.ok) throw new Error(`CircleCI answered ${res.status} on ${path.split('?')[0]}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as Json;
  };
  const checkpoint = readCheckpoint(o.checkpointFile);
  const done = new Set(checkpoint.pipelinesDone ?? []);
  const summary: CircleciImportSummary = { pipelines: 0, workflows: 0, jobs: 0, events: 0, complete: false };
  const span = Math.max(1, o.nowMs - o.sinceMs);
  const map = (payload: object): EventInput[] => {
    const m = mapCircleci(payload);
    return 'events' in m ? [...m.events] : [];
  };

  for await (const page of pages(get, `/project/${apiSlug(o.projectSlug)}/pipeline`)) {
    if (o.stopped?.()) return summary;
    const events: EventInput[] = [];
    let oldest = o.nowMs;
    let past = false; // newest first: once one is older than the range, the rest is too
    for (const p of page) {
      if (Date.parse(p.created_at) < o.sinceMs) {
        past = true;
        break;
      }
      oldest = Math.min(oldest, Date.parse(p.created_at));
      if (done.has(p.id)) continue;
      const project = { slug: webhookSlug(p.project_slug ?? o.projectSlug) };
      const pipeline = { vcs: p.vcs, trigger_parameters: p.trigger_parameters };
      for await (const workflows of pages(get, `/pipeline/${encodeURIComponent(p.id)}/workflow`)) {
        for (const w of workflows) {
          const runs = map({ type: 'workflow-completed', project, pipeline, workflow: w });
          if (!runs.length) continue; // not finished (running, on hold)
          summary.workflows++;
          events.push(...runs);
          for await (const jobs of pages(get, `/workflow/${encodeURIComponent(w.id)}/job`)) {
            for (const job of jobs) {
              if (!job.id) continue; // an approval job not yet acted on has no id
              const run = map({ type: 'job-completed', project, pipeline, workflow: { name: w.name }, job });
              summary.jobs += run.length;
              events.push(...run);
            }
          }
        }
      }
      summary.pipelines++;
      done.add(p.id);
    }
    if (events.length) await o.sink.write(events);
    summary.events += events.length;
    checkpoint.pipelinesDone = [...done];
    writeCheckpoint(o.checkpointFile, checkpoint);
    o.progress.update(`${o.projectSlug} ${bar(o.nowMs - oldest, span + 1)} back to ${new Date(oldest).toISOString().slice(0, 10)}: ${summary.workflows} workflows, ${summary.jobs} jobs`);
    if (past) break;
  }
  o.progress.done(`${o.projectSlug} ${bar(1, 1)} ${summary.workflows} workflows, ${summary.jobs} jobs: ${summary.events} events`);
  return { ...summary, complete: true };
}
