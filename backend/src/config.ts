/**
 * Configuration from the environment (the table in the README and the spec, section 1).
 * Invalid settings stop the service at start with a message that names the variable.
 */
import { readFileSync } from 'node:fs';
import { isTimeZone } from './time/calendar';

export interface Token {
  /** The caller's user name (DataArts is_own); undefined for an unnamed token. */
  readonly user?: string;
  readonly secret: string;
}

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly store: 'influx' | 'embedded';
  readonly influx: {
    readonly url?: string;
    readonly database: string;
    readonly token?: string;
    readonly username?: string;
    readonly password?: string;
    /** gzip write bodies: saves bandwidth to a remote server, costs CPU on both sides. */
    readonly gzip: boolean;
    /** Write requests in flight at once (group commit fills the next while these run). */
    readonly writeConcurrency: number;
  };
  readonly dataDir: string;
  /** The embedded engine's memory limit (DuckDB memory_limit). */
  readonly embeddedMemoryLimit: string;
  readonly timeZone: string;
  readonly ingestTokens: readonly Token[];
  readonly readTokens: readonly Token[];
  readonly allowAnonymous: boolean;
  readonly maxBodyBytes: number;
  readonly logLevel: string;
  /** The receivers' shared secrets (README "Receivers"); a receiver whose secret is unset is off. */
  readonly webhooks: WebhookSecrets;
}

export interface WebhookSecrets {
  readonly github?: string;
  readonly gitlab?: string;
  readonly circleci?: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const influxUrl = blankToUndefined(env.FLOWMETER_INFLUX_URL);
  const store = env.FLOWMETER_STORE ?? (influxUrl ? 'influx' : 'embedded');
  if (store !== 'influx' && store !== 'embedded') throw new ConfigError(`FLOWMETER_STORE must be influx or embedded, not "${store}"`);
  if (store === 'influx' && !influxUrl) throw new ConfigError('FLOWMETER_STORE=influx needs FLOWMETER_INFLUX_URL');
  if (influxUrl && !/^https?:\/\/[^/]+/.test(influxUrl)) throw new ConfigError(`FLOWMETER_INFLUX_URL must be an http(s) URL, not "${influxUrl}"`);

  const timeZone = env.FLOWMETER_TZ ?? 'UTC';
  if (!isTimeZone(timeZone)) throw new ConfigError(`FLOWMETER_TZ must be an IANA time zone, not "${timeZone}"`);

  const port = Number(env.FLOWMETER_PORT ?? 3001);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`FLOWMETER_PORT must be a port number, not "${env.FLOWMETER_PORT}"`);

  const config: Config = {
    host: env.FLOWMETER_HOST ?? '127.0.0.1',
    port,
    store,
    influx: {
      url: influxUrl?.replace(/\/+$/, ''),
      database: env.FLOWMETER_INFLUX_DB ?? 'flowmeter',
      token: blankToUndefined(env.FLOWMETER_INFLUX_TOKEN),
      username: blankToUndefined(env.FLOWMETER_INFLUX_USERNAME),
      password: blankToUndefined(env.FLOWMETER_INFLUX_PASSWORD),
      // Compressing costs CPU on both ends: worth it to a remote (https) server, not next door.
      gzip: (env.FLOWMETER_INFLUX_GZIP ?? (influxUrl?.startsWith('https:') ? 'true' : 'false')) === 'true',
      writeConcurrency: positiveInteger(env.FLOWMETER_INFLUX_WRITE_CONCURRENCY ?? '2', 'FLOWMETER_INFLUX_WRITE_CONCURRENCY'),
    },
    dataDir: env.FLOWMETER_DATA_DIR ?? './data',
    embeddedMemoryLimit: memorySize(env.FLOWMETER_EMBEDDED_MEMORY ?? '256MB'),
    timeZone,
    ingestTokens: parseTokens(env.FLOWMETER_INGEST_TOKENS),
    readTokens: parseTokens(env.FLOWMETER_READ_TOKENS),
    allowAnonymous: env.FLOWMETER_ALLOW_ANONYMOUS === 'true',
    maxBodyBytes: parseSize(env.FLOWMETER_MAX_BODY ?? '10mb'),
    logLevel: env.FLOWMETER_LOG_LEVEL ?? 'info',
    webhooks: {
      github: secret(env, 'FLOWMETER_GITHUB_WEBHOOK_SECRET'),
      gitlab: secret(env, 'FLOWMETER_GITLAB_WEBHOOK_TOKEN'),
      circleci: secret(env, 'FLOWMETER_CIRCLECI_WEBHOOK_SECRET'),
    },
  };
  if (!authEnabled(config) && !config.allowAnonymous && !isLoopback(config.host)) {
    throw new ConfigError(
      `refusing to listen on ${config.host} with no tokens: set FLOWMETER_INGEST_TOKENS and FLOWMETER_READ_TOKENS, ` +
      'or FLOWMETER_ALLOW_ANONYMOUS=true to serve without authentication');
  }
  return config;
}

/** Authentication is on as soon as any token is configured. */
export const authEnabled = (config: Config): boolean => config.ingestTokens.length > 0 || config.readTokens.length > 0;

function parseTokens(list: string | undefined): Token[] {
  return (list ?? '').split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0) return { secret: entry };
    return { user: entry.slice(0, eq), secret: entry.slice(eq + 1) };
  });
}

/**
 * A secret from NAME, or from the file NAME_FILE names (Docker and Kubernetes secrets), with the
 * file's trailing newline removed. The value never appears in an error message.
 */
function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = blankToUndefined(env[name]);
  const file = blankToUndefined(env[`${name}_FILE`]);
  if (direct && file) throw new ConfigError(`set ${name} or ${name}_FILE, not both`);
  if (!file) return direct;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (!value) throw new ConfigError(`${name}_FILE: ${file} is empty`);
  return value;
}

function memorySize(text: string): string {
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB)$/i.test(text.trim())) throw new ConfigError(`FLOWMETER_EMBEDDED_MEMORY must be a size like 256MB, not "${text}"`);
  return text.trim();
}

function positiveInteger(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive integer, not "${text}"`);
  return n;
}

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim());
  if (!m) throw new ConfigError(`FLOWMETER_MAX_BODY must be a size like 10mb, not "${text}"`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * unit);
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');
const blankToUndefined = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined);
