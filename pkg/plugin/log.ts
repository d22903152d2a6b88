/**
 * Logs on stderr as hclog's JSON lines, which go-plugin's host (Grafana) parses: `@level`,
 * `@message`, `@timestamp` and the remaining keys as the entry's arguments. stdout is reserved
 * for the handshake line. Secrets never go in here (tokens are not passed to the logger).
 */
export type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const order: Record<Level, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
}

export function hclogLogger(minLevel: Level = 'info', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  return {
    log(level, message, fields = {}) {
      if (order[level] < order[minLevel]) return;
      write(`${JSON.stringify({ '@level': level, '@message': message, '@timestamp': new Date().toISOString(), ...fields })}\n`);
    },
  };
}

/** FLOWMETER_PLUGIN_LOG_LEVEL (trace..error); default info. */
export function levelFrom(env: NodeJS.ProcessEnv): Level {
  const wanted = (env.FLOWMETER_PLUGIN_LOG_LEVEL ?? '').toLowerCase();
  return wanted in order ? (wanted as Level) : 'info';
}
