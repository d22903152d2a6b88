/** GitLab: X-Gitlab-Token = FLOWMETER_GITLAB_WEBHOOK_TOKEN (the webhook's "Secret token"). */
import type { Receiver } from '../receiver';
import { header, sameSecret } from '../verify';
import { mapGitlab } from './map';

export const gitlabReceiver: Receiver = {
  name: 'gitlab',
  summary: 'GitLab project or group webhook (X-Gitlab-Token): Pipeline, Job, Deployment, Release and Push hooks',
  enabled: (config) => (config.webhooks.gitlab ? { on: true } : { on: false, why: 'FLOWMETER_GITLAB_WEBHOOK_TOKEN is not set' }),
  verifiedBy: 'X-Gitlab-Token',
  verify: (headers, _body, config) => sameSecret(header(headers, 'x-gitlab-token'), config.webhooks.gitlab!),
  map: (payload, headers) => mapGitlab(payload, header(headers, 'x-gitlab-event')),
};
