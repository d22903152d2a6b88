/**
 * Grafana-managed alert rules, in Grafana's alerting file-provisioning format (apiVersion 1).
 * Each rule is one typed Flowmeter query (`kind: 'alert'`, contract/query.ts) on the Flowmeter data
 * source, evaluated by the plugin's backend over the rule's window on either store, reduced per
 * series and compared with a threshold by Grafana expressions. To add a rule: add an AlertSpec
 * below, run `npm run stack:generate`, and give it a firing and a quiet case in
 * backend/test/stack/alerts.test.ts.
 */
import type { AlertMetric } from '../contract/query';
import { FOLDER } from './folder';
import { FLOWMETER, target } from './grafana';

export type Reducer = 'last' | 'max' | 'mean' | 'sum';
export type Comparison = 'gt' | 'lt';

export interface AlertSpec {
  uid: string;
  title: string;
  /** The alert query's metric: one number per project (or instance) over the window. */
  metric: AlertMetric;
  /** Seconds back from now: the query's time range. */
  windowSeconds: number;
  reducer: Reducer;
  threshold: { type: Comparison; value: number };
  /** How long the condition must hold before the alert fires. */
  for: string;
  severity: 'critical' | 'warning';
  summary: string;
  description: string;
}

export const CONTACT_POINT = 'flowmeter-webhook';

export const alertSpecs: AlertSpec[] = [
  {
    uid: 'flowmeter-build-failures',
    title: 'Build failures per project',
    metric: 'build_failures',
    windowSeconds: 3600,
    reducer: 'last',
    threshold: { type: 'gt', value: 3 },
    for: '0s',
    severity: 'warning',
    summary: 'More than 3 failed or timed-out builds of {{ $labels.project }} in the last hour',
    description: '{{ $values.B }} builds of {{ $labels.project }} failed or timed out in the last hour.',
  },
  {
    uid: 'flowmeter-failed-prod-deploys',
    title: 'Failed production deploys',
    metric: 'failed_prod_deploys',
    windowSeconds: 3600,
    reducer: 'last',
    threshold: { type: 'gt', value: 0 },
    for: '0s',
    severity: 'critical',
    summary: 'A production deploy of {{ $labels.project }}/{{ $labels.service }} failed',
    description: '{{ $values.B }} production deploys of {{ $labels.service }} ({{ $labels.project }}) failed or timed out in the last hour.',
  },
  {
    uid: 'flowmeter-api-5xx-ratio',
    title: 'API 5xx ratio',
    // 5xx / (requests + 50): the 50 extra requests keep a quiet night's single 500 from paging; at
    // real volume it is the plain ratio.
    metric: 'api_5xx_ratio',
    windowSeconds: 900,
    reducer: 'last',
    threshold: { type: 'gt', value: 0.05 },
    for: '5m',
    severity: 'critical',
    summary: 'More than 5% of the API calls of {{ $labels.project_id }}/{{ $labels.instance_id }} answer 5xx',
    description: '5xx ratio {{ $values.B }} over the last 15 minutes (requests + 50 as the denominator).',
  },
  {
    uid: 'flowmeter-change-failure-rate',
    title: 'Change failure rate (DORA)',
    metric: 'change_failure_rate',
    windowSeconds: 7 * 86_400,
    reducer: 'last',
    threshold: { type: 'gt', value: 0.25 },
    for: '0s',
    severity: 'warning',
    summary: 'More than 25% of the production deploys of {{ $labels.project }} failed this week',
    description: 'Change failure rate {{ $values.B }} over the last 7 days (failed and timed-out deploys to prod / all but cancelled).',
  },
];

/** One provisioned rule: query A, reduce B, threshold C (the condition). */
export function rule(spec: AlertSpec) {
  return {
    uid: spec.uid,
    title: spec.title,
    condition: 'C',
    data: [
      {
        refId: 'A', relativeTimeRange: { from: spec.windowSeconds, to: 0 }, datasourceUid: FLOWMETER.uid,
        model: { ...target('A', { kind: 'alert', metric: spec.metric }), intervalMs: 60_000, maxDataPoints: 43_200 },
      },
      {
        refId: 'B', relativeTimeRange: { from: 0, to: 0 }, datasourceUid: '__expr__',
        model: { refId: 'B', datasource: { type: '__expr__', uid: '__expr__' }, type: 'reduce', expression: 'A', reducer: spec.reducer, settings: { mode: 'dropNN' } },
      },
      {
        refId: 'C', relativeTimeRange: { from: 0, to: 0 }, datasourceUid: '__expr__',
        model: {
          refId: 'C', datasource: { type: '__expr__', uid: '__expr__' }, type: 'threshold', expression: 'B',
          conditions: [{ type: 'query', evaluator: { type: spec.threshold.type, params: [spec.threshold.value] }, operator: { type: 'and' }, query: { params: ['C'] }, reducer: { type: 'last', params: [] } }],
        },
      },
    ],
    noDataState: 'OK',
    execErrState: 'Error',
    for: spec.for,
    isPaused: false,
    labels: { severity: spec.severity, source: 'flowmeter' },
    annotations: { summary: spec.summary, description: spec.description },
  };
}

/** provisioning/alerting/flowmeter.yaml: the rule group, a webhook contact point, the notification policy. */
export function alertingProvisioning() {
  return {
    apiVersion: 1,
    groups: [{ orgId: 1, name: 'flowmeter-delivery', folder: FOLDER, interval: '1m', rules: alertSpecs.map(rule) }],
    contactPoints: [{
      orgId: 1, name: CONTACT_POINT,
      receivers: [{ uid: 'flowmeter-webhook', type: 'webhook', disableResolveMessage: false, settings: { url: '$FLOWMETER_ALERT_WEBHOOK_URL', httpMethod: 'POST' } }],
    }],
    policies: [{
      orgId: 1, receiver: CONTACT_POINT, group_by: ['grafana_folder', 'alertname'], group_wait: '30s', group_interval: '5m', repeat_interval: '4h',
      routes: [{ receiver: CONTACT_POINT, object_matchers: [['severity', '=', 'critical']], group_wait: '10s', repeat_interval: '1h' }],
    }],
  };
}
