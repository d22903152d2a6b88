/** A small week of delivery events (2026-11-16 .. 2026-11-22, UTC) for the plugin's tests. */
export const WEEK = { from: Date.parse('2026-11-16T00:00:00Z'), to: Date.parse('2026-11-23T00:00:00Z') };

const day = (d: number, hour = 10) => `2026-11-${String(16 + d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;

export const dataset = [
  // builds: payments 3 (2 ok), search 2 (1 ok), checkout 1
  { kind: 'build', id: 'b1', project: 'payments', status: 'success', time: day(0), duration: 60 },
  { kind: 'build', id: 'b2', project: 'payments', status: 'failure', time: day(0, 12), duration: 30 },
  { kind: 'build', id: 'b3', project: 'payments', status: 'success', time: day(2), duration: 61 },
  { kind: 'build', id: 'b4', project: 'search', status: 'success', time: day(1), duration: 20 },
  { kind: 'build', id: 'b5', project: 'search', status: 'timeout', time: day(2), duration: 600 },
  { kind: 'build', id: 'b6', project: 'checkout', status: 'success', time: day(3), duration: 90 },
  // deploys and releases
  { kind: 'deploy', id: 'd1', project: 'payments', service: 'api', env: 'prod', production: true, status: 'success', time: day(2, 14), duration: 40 },
  { kind: 'deploy', id: 'd2', project: 'search', service: 'indexer', env: 'staging', status: 'failure', time: day(4, 9) },
  { kind: 'release', id: 'r1', project: 'payments', env: 'prod', status: 'success', time: day(5, 16) },
  // rollbacks
  { kind: 'rollback', id: 'rb1', project: 'payments', env: 'prod', service: 'api', production: true, time: day(3, 11) },
  { kind: 'rollback', id: 'rb2', project: 'search', env: 'staging', service: 'indexer', time: day(5, 8) },
  // CI
  { kind: 'workflow_run', id: 'w1', project_slug: 'gh/acme/api', workflow: 'build-test', branch: 'main', status: 'success', created_at: day(1), duration: 300, credits_used: 100 },
  { kind: 'workflow_run', id: 'w2', project_slug: 'gh/acme/api', workflow: 'build-test', branch: 'main', status: 'failed', created_at: day(2), duration: 200, credits_used: 80 },
  { kind: 'workflow_run', id: 'w3', project_slug: 'gh/acme/api', workflow: 'nightly', branch: 'main', status: 'success', created_at: day(2), duration: 900, credits_used: 300 },
  { kind: 'job_run', id: 'j1', project_slug: 'gh/acme/api', workflow: 'build-test', job: 'unit', branch: 'main', status: 'success', started_at: day(1), duration: 120, credits_used: 40 },
  // task instances: one owned by the read token's user ("grafana")
  { kind: 'task_instance', id: 't1', project_id: 'p1', instance_id: 'ti1', status: 'success', plan_time: day(1), owner: 'grafana', workspace: 'ws1' },
  { kind: 'task_instance', id: 't2', project_id: 'p1', instance_id: 'ti2', status: 'fail', plan_time: day(2), owner: 'someone', workspace: 'ws1' },
  // API calls
  { kind: 'api_call', project_id: 'p1', instance_id: 'i1', api_id: 'orders', time: day(1, 9), status_code: 200, latency: 40, bytes_in: 100, bytes_out: 1000 },
  { kind: 'api_call', project_id: 'p1', instance_id: 'i1', api_id: 'orders', time: day(1, 9), status_code: 500, latency: 90, bytes_in: 100, bytes_out: 10 },
  { kind: 'api_call', project_id: 'p1', instance_id: 'i1', api_id: 'refunds', time: day(2, 9), status_code: 404, latency: 10, bytes_in: 50, bytes_out: 20 },
];
