/**
 * Structured JSON logs (pino). Secrets never reach a log line: auth headers are redacted by
 * path, and every line, whatever logged it (an error message quoting a URL included), has
 * URL credentials (`//user:pass@`) and the configured secrets replaced by `***`.
 */
import { writeSync } from 'node:fs';
import pino, { type DestinationStream, type Logger } from 'pino';

/** `secrets`: the configured tokens and passwords, to be replaced wherever they appear. */
export function createLogger(level = 'info', secrets: readonly string[] = [], destination: DestinationStream = stdoutDestination()): Logger {
  return pino({
    level,
    base: { service: 'flowmeter' },
    redact: ['req.headers.authorization', 'req.headers["circle-token"]', 'req.headers["x-auth-token"]'],
  }, redactingDestination(destination, secrets));
}

const URL_CREDENTIALS = /(\/\/)[^/\s"@]+@/g;
/** Shorter secrets are not searched for: replacing every "ab" in the logs would hide nothing. */
const MIN_SECRET_LENGTH = 4;

export function redactingDestination(destination: DestinationStream, secrets: readonly string[]): DestinationStream {
  // As JSON writes them, longest first (one secret may contain another).
  const hidden = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH).map((s) => JSON.stringify(s).slice(1, -1)))]
    .sort((a, b) => b.length - a.length);
  return {
    write(line: string) {
      let out = line.includes('@') ? line.replace(URL_CREDENTIALS, '$1***@') : line;
      for (const secret of hidden) if (out.includes(secret)) out = out.split(secret).join('***');
      destination.write(out);
    },
  };
}

/**
 * Standard output, made non-blocking first: opening process.stdout on a pipe has libuv set
 * O_NONBLOCK, so a reader that stops reading makes a write fail (EAGAIN) instead of blocking
 * the whole service, signal handling included, until it reads again.
 */
function stdoutDestination(): DestinationStream {
  void process.stdout.fd;
  return fdDestination(1);
}

/** How long one line may wait for a full pipe before it is dropped. */
const FULL_PIPE_WAIT_MS = 200;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Log lines written straight to a file descriptor, synchronously: nothing is buffered, so
 * nothing is left to flush at exit. pino's default stream flushes at exit and retries a write
 * to a closed pipe forever (`npm start | head`, a log shipper that died): shutdown hung there.
 * Here a closed or broken output ends logging for good, and a pipe full for longer than
 * FULL_PIPE_WAIT_MS drops the line (and, until a write succeeds, the next ones at once):
 * the service goes on without its logs rather than stop for them.
 */
export function fdDestination(fd: number): DestinationStream & { readonly dropped: number } {
  let closed = false;
  let stalled = false;
  let dropped = 0;
  return {
    get dropped() { return dropped; },
    write(line: string) {
      if (closed) return;
      let bytes = Buffer.from(line);
      const deadline = Date.now() + (stalled ? 0 : FULL_PIPE_WAIT_MS);
      while (bytes.length > 0) {
        try {
          bytes = bytes.subarray(writeSync(fd, bytes));
          stalled = false;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN' && Date.now() < deadline) {
            Atomics.wait(pause, 0, 0, 5);
            continue;
          }
          if (code === 'EAGAIN') stalled = true;
          else closed = true;
          dropped++;
          return;
        }
      }
    },
  };
}

export type { Logger };
