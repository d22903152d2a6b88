/** Structured JSON logs (pino). Secrets never reach a log line: auth headers are redacted. */
import pino, { type Logger } from 'pino';

export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: { service: 'flowmeter' },
    redact: ['req.headers.authorization', 'req.headers["circle-token"]', 'req.headers["x-auth-token"]'],
  });
}

export type { Logger };
