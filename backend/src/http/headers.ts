/**
 * Headers on every answer: API bodies are data, never to be sniffed into something a browser
 * runs (nosniff), and statistics and health are live, never to be served from a cache.
 */
import type { RequestHandler } from 'express';

export const apiHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  next();
};
