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

/**
 * hclog's timestamp, the layout go-plugin parses (`2006-01-02T15:04:05.000000Z07:00`): exactly six
 * fractional digits. A line whose timestamp does not parse is logged by the host as a plain debug
 * line, its level lost.
 */
export const hclogTimestamp = (date = new Date()) => date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** One hclog JSON line. */
export const hclogLine = (level: Level, message: string, fields: Record<string, unknown> = {}) =>
  `${JSON.stringify({ '@level': level, '@message': message, '@timestamp': hclogTimestamp(), ...fields })}\n`;

export function hclogLogger(minLevel: Level = 'info', write: (line: string) => void = writeStderr): Logger {
  return {
    log(level, message, fields = {}) {
      if (order[level] < order[minLevel]) return;
      write(hclogLine(level, message, fields));
    },
  };
}

/** stderr until it breaks (the host gone: EPIPE), then nothing: logging must not fail, nor loop on its own error. */
let stderrBroken = false;
process.stderr.on('error', () => { stderrBroken = true; });
function writeStderr(line: string): void {
  if (!stderrBroken) process.stderr.write(line);
}

/** FLOWMETER_PLUGIN_LOG_LEVEL (trace..error); default info. */
export function levelFrom(env: NodeJS.ProcessEnv): Level {
  const wanted = (env.FLOWMETER_PLUGIN_LOG_LEVEL ?? '').toLowerCase();
  return wanted in order ? (wanted as Level) : 'info';
}
