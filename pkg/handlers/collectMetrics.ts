/** Diagnostics/CollectMetrics: the plugin process's own metrics in Prometheus' text format. */
export interface Counters { queries: number; queryErrors: number }

export function collectMetrics(counters: Counters, startedAt: number): Buffer {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const lines = [
    ['process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', memory.rss],
    ['process_cpu_seconds_total', 'counter', 'Total user and system CPU time spent in seconds.', (cpu.user + cpu.system) / 1e6],
    ['process_start_time_seconds', 'gauge', 'Start time of the process since unix epoch in seconds.', startedAt / 1000],
    ['flowmeter_plugin_queries_total', 'counter', 'Queries answered (QueryData).', counters.queries],
    ['flowmeter_plugin_query_errors_total', 'counter', 'Queries answered with an error.', counters.queryErrors],
  ] as const;
  return Buffer.from(lines.map(([name, type, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`).join(''));
}
