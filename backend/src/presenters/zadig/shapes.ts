/** Statistics -> Zadig's JSON, field for field and in the documents' order. */
import { SaeApplication, ServiceSnapshot, User } from '../../../../contract/events';
import type { DayOutcome } from '../../statistics/deliveryOutcomes';
import { failures } from '../../statistics/deliveryOutcomes';
import type { Inventory } from '../../statistics/inventory';
import type { RollbackRecord } from '../../statistics/rollbacks';
import type { TestSummary } from '../../statistics/testRuns';

const sum = (days: readonly DayOutcome[], pick: (d: DayOutcome) => number) => days.reduce((n, d) => n + pick(d), 0);

export const overviewShape = (i: Inventory) => ({
  project_count: i.projects, cluster_count: i.clusters, service_count: i.services,
  workflow_count: i.workflows, env_count: i.environments, artifact_count: i.artifacts,
});

export const buildShape = (days: readonly DayOutcome[]) => ({
  total: sum(days, (d) => d.total),
  success: sum(days, (d) => d.success),
  data: days.map((d) => ({ date: d.date, success: d.success, failure: failures(d), total: d.total })),
});

export const deployShape = (days: readonly DayOutcome[]) => ({
  success: sum(days, (d) => d.success),
  total: sum(days, (d) => d.total),
  data: days.map((d) => ({ date: d.date, failure: failures(d), success: d.success, total: d.total })),
});

export const releaseShape = (days: readonly DayOutcome[]) => ({
  total: sum(days, (d) => d.total),
  success_count: sum(days, (d) => d.success),
  daily_stat: days.map((d) => ({ date: d.date, total: d.total, success_count: d.success, fail_count: failures(d) })),
});

/**
 * Weeks are 7-day periods counted back from the last day of the range (the oldest may be
 * shorter), newest first, each dated by its first day, as in the document's example.
 */
export function testShape(summary: TestSummary) {
  const weeks: DayOutcome[][] = [];
  for (let end = summary.days.length; end > 0; end -= 7) weeks.push(summary.days.slice(Math.max(0, end - 7), end));
  return {
    case_count: summary.cases,
    exec_count: summary.executions,
    success_count: summary.successes,
    average_runtime: Math.round(summary.meanDuration),
    data: weeks.map((week) => ({
      date: week[0].date,
      success_count: sum(week, (d) => d.success),
      timeout_count: sum(week, (d) => d.timeout),
      failed_count: sum(week, (d) => d.failure),
    })),
  };
}

const parsed = <T>(json: string | null, schema: { parse(v: unknown): T }): T => schema.parse(json ? JSON.parse(json) : {});

/**
 * As Zadig's released server (v3.4.0) writes a rollback: a snapshot that was not recorded is
 * null (an SAE environment has applications and no services, a Kubernetes one the reverse),
 * no containers is null, and image_name is left out when empty (omitempty).
 */
function envService(json: string | null) {
  if (json === null) return null;
  const s = ServiceSnapshot.parse(JSON.parse(json));
  return {
    service_name: s.service_name,
    release_name: s.release_name,
    containers: s.containers.length
      ? s.containers.map((c) => ({ name: c.name, type: c.type, image: c.image, ...(c.image_name ? { image_name: c.image_name } : {}) }))
      : null,
    rendered_yaml: s.rendered_yaml,
    values_yaml: s.values_yaml,
    override_values: s.override_values,
    update_time: s.update_time,
  };
}

function saeApp(json: string | null) {
  if (json === null) return null;
  const a = SaeApplication.parse(JSON.parse(json));
  return { app_name: a.app_name, app_id: a.app_id, image_url: a.image_url, package_url: a.package_url, instances: a.instances };
}

/** `data` is null on an empty page, as the released server writes it (a nil slice). */
export const rollbackShape = (page: { total: number; items: RollbackRecord[] }) => ({
  total: page.total,
  data: page.items.length ? page.items.map((r) => ({
    project_key: r.project,
    env_name: r.env,
    env_type: r.envType ?? '',
    production: r.production ?? false,
    operation_type: r.operationType ?? '',
    service_name: r.service,
    service_type: r.serviceType ?? '',
    origin_service: envService(r.originService),
    update_service: envService(r.updateService),
    origin_sae_app: saeApp(r.originSaeApp),
    update_sae_app: saeApp(r.updateSaeApp),
    create_by: parsed(r.createBy, User),
    create_time: Math.floor(r.timeMs / 1000),
  })) : null,
});
