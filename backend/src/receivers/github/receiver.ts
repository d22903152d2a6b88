/** GitHub: X-Hub-Signature-256 = "sha256=" + HMAC-SHA256(raw body, FLOWMETER_GITHUB_WEBHOOK_SECRET). */
import type { Receiver } from '../receiver';
import { header, signedBy } from '../verify';
import { mapGithub } from './map';

export const githubReceiver: Receiver = {
  name: 'github',
  summary: 'GitHub webhook (X-Hub-Signature-256): workflow_run, workflow_job, deployment_status, release, push, ping',
  enabled: (config) => (config.webhooks.github ? { on: true } : { on: false, why: 'FLOWMETER_GITHUB_WEBHOOK_SECRET is not set' }),
  verifiedBy: 'X-Hub-Signature-256',
  verify: (headers, body, config) => {
    const signature = header(headers, 'x-hub-signature-256');
    return signature?.startsWith('sha256=') === true && signedBy(config.webhooks.github!, body, signature.slice('sha256='.length));
  },
  map: (payload, headers) => mapGithub(header(headers, 'x-github-event'), payload),
};
