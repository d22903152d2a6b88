/** One log line per request, with a child logger on req.log for handlers. */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

declare module 'express-serve-static-core' {
  interface Request {
    log?: Logger;
  }
}

export function requestLog(logger: Logger): RequestHandler {
  let seq = 0;
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    req.log = logger.child({ reqId: ++seq });
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      req.log!.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
