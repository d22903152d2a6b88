/** GitLab's documented example payloads (fixtures/gitlab, with their source) and deliveries as GitLab sends them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type GitlabExample = 'pipeline' | 'job' | 'deployment' | 'release' | 'push';

export const HOOK_HEADERS: Record<GitlabExample, string> = {
  pipeline: 'Pipeline Hook', job: 'Job Hook', deployment: 'Deployment Hook', release: 'Release Hook', push: 'Push Hook',
};

/** A fresh copy of the documentation's example, free to change. */
export const gitlabExample = (name: GitlabExample): Payload =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'gitlab', `${name}.json`), 'utf8'));

/** POSTs a payload as GitLab does: X-Gitlab-Event, and X-Gitlab-Token when a token is given. */
export async function deliverGitlab(url: string, name: GitlabExample, payload: unknown, token: string | undefined, body = JSON.stringify(payload)) {
  const res = await fetch(`${url}/api/v1/webhooks/gitlab`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'x-gitlab-event': HOOK_HEADERS[name], 'user-agent': 'GitLab/17.0.0',
      'x-gitlab-instance': 'https://gitlab.example.com', ...(token === undefined ? {} : { 'x-gitlab-token': token }),
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
