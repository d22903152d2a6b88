/**
 * `npm run import -- github --repo OWNER/NAME --since 90d` (or `gitlab --project GROUP/NAME`,
 * `circleci --project-slug SLUG`): a team's history on day one. Reads the sender's REST API with
 * the user's token (GITHUB_TOKEN, GITLAB_TOKEN, CIRCLECI_TOKEN), writes the events to
 * Flowmeter's POST /api/v1/events (FLOWMETER_URL, default http://127.0.0.1:3001, and an ingest
 * token in FLOWMETER_TOKEN), shows its progress, stops after the current day on Ctrl-C and
 * resumes from its checkpoint (.flowmeter-import/, or --state DIR) when run again.
 */
import { join } from 'node:path';
import { importGithub } from './github';
import { importGitlab } from './gitlab';
import { importCircleci } from './circleci';
import { httpSink } from './sink';
import { terminalProgress } from './progress';

const USAGE = [
  'usage: npm run import -- github --repo OWNER/NAME [--since 90d|YYYY-MM-DD] [--api-url URL] [--state DIR]',
  '       npm run import -- gitlab --project GROUP/NAME [--since ...] [--base-url https://gitlab.example.com] [--state DIR]',
  '       npm run import -- circleci --project-slug gh/ORG/REPO [--since ...] [--api-url https://circleci.com/api/v2] [--state DIR]',
].join('\n');

export function parseSince(text: string, nowMs: number): number {
  const days = /^(\d+)d$/.exec(text);
  if (days) return nowMs - Number(days[1]) * 86_400_000;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new Error(`--since must be like 90d or 2026-09-01, not "${text}"`);
  return ms;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** What every import shares: the range, the sink, the progress, the checkpoint and Ctrl-C. */
function common(args: string[], source: string, target: string) {
  const nowMs = Date.now();
  const sinceText = option(args, 'since') ?? '90d';
  let stop = false;
  process.once('SIGINT', () => {
    stop = true;
    console.error('\nstopping after the current step; run the same command again to resume');
  });
  return {
    sinceMs: parseSince(sinceText, nowMs), nowMs,
    sink: httpSink(process.env.FLOWMETER_URL ?? 'http://127.0.0.1:3001', process.env.FLOWMETER_TOKEN),
    progress: terminalProgress(),
    checkpointFile: join(option(args, 'state') ?? '.flowmeter-import', `${source}-${target.replace(/[^\w.-]+/g, '-')}-${sinceText}.json`),
    stopped: () => stop,
  };
}

async function main(args: string[]): Promise<number> {
  const [source] = args;
  if (source === 'github') {
    const [owner, repo, extra] = (option(args, 'repo') ?? '').split('/');
    if (!owner || !repo || extra !== undefined) return usage();
    const summary = await importGithub({ ...common(args, source, `${owner}/${repo}`), owner, repo, token: process.env.GITHUB_TOKEN, apiUrl: option(args, 'api-url') });
    return summary.complete ? 0 : 130;
  }
  if (source === 'gitlab') {
    const project = option(args, 'project') ?? '';
    if (!/^[^/\s]+(\/[^/\s]+)+$/.test(project)) return usage();
    const summary = await importGitlab({ ...common(args, source, project), project, token: process.env.GITLAB_TOKEN, baseUrl: option(args, 'base-url') });
    return summary.complete ? 0 : 130;
  }
  if (source === 'circleci') {
    const projectSlug = option(args, 'project-slug') ?? '';
    if (!/^[\w-]+\/[^/\s]+\/[^/\s]+$/.test(projectSlug)) return usage();
    const summary = await importCircleci({ ...common(args, source, projectSlug), projectSlug, token: process.env.CIRCLECI_TOKEN, apiUrl: option(args, 'api-url') });
    return summary.complete ? 0 : 130;
  }
  return usage();
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err: Error) => {
  console.error(`import failed: ${err.message}`);
  process.exit(1);
});
