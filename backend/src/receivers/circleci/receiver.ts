/**
 * CircleCI: `circleci-signature: v1=<hex>`, HMAC-SHA256 of the raw body with the webhook's
 * signing secret (FLOWMETER_CIRCLECI_WEBHOOK_SECRET). The header may list several versioned
 * signatures separated by commas; a matching v1 is enough.
 */
import type { Receiver } from '../receiver';
import { header, signedBy } from '../verify';
import { mapCircleci } from './map';

export const circleciReceiver: Receiver = {
  name: 'circleci',
  summary: 'CircleCI webhook (circleci-signature v1): workflow-completed, job-completed',
  enabled: (config) => (config.webhooks.circleci ? { on: true } : { on: false, why: 'FLOWMETER_CIRCLECI_WEBHOOK_SECRET is not set' }),
  verifiedBy: 'circleci-signature',
  verify: (headers, body, config) => {
    const v1 = (header(headers, 'circleci-signature') ?? '').split(',').map((s) => s.trim()).filter((s) => s.startsWith('v1='));
    // Every candidate is checked, so the time does not depend on which one matches.
    return v1.map((s) => signedBy(config.webhooks.circleci!, body, s.slice(3))).reduce((a, b) => a || b, false);
  },
  map: (payload) => mapCircleci(payload),
};
