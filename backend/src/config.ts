/**
 * Configuration from the environment (the table in the README and the spec, section 1).
 * Invalid settings stop the service at start with a message that names the variable.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { readFileSync } from 'node:fs';
import { isTimeZone } from './time/calendar';
import type { ReadLimits } from './store/readGate';

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
    /** gzip write bodies and query answers: saves bandwidth to a remote server, costs CPU on both sides. */
    readonly gzip: boolean;
    /** Write requests in flight at once (group commit fills the next while these run). */
    readonly writeConcurrency: number;
    /** Bounds of the result cache (store/influx/resultCache.ts); absent when switched off. */
    readonly cache?: { readonly maxEntries: number; readonly maxBytes: number };
  };
  readonly dataDir: string;
  /** The embedded engine's memory limit (DuckDB memory_limit). */
  readonly embeddedMemoryLimit: string;
  readonly timeZone: string;
  /** CircleCI's default branch of a project for which no event names one (FLOWMETER_DEFAULT_BRANCH). */
  readonly defaultBranch: string;
  readonly ingestTokens: readonly Token[];
  readonly readTokens: readonly Token[];
  readonly allowAnonymous: boolean;
  readonly maxBodyBytes: number;
  /** Store queries of all read endpoints together: in flight, waiting, and how long one may take. */
  readonly reads: ReadLimits;
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

  // Credentials in the URL (http://user:pass@host) become basic auth: fetch refuses such URLs,
  // and the URL then shows up in messages and logs without them.
  const credentials = influxUrl ? urlCredentials(influxUrl) : undefined;

  const config: Config = {
    host: env.FLOWMETER_HOST ?? '127.0.0.1',
    port,
    store,
    influx: {
      url: (credentials?.url ?? influxUrl)?.replace(/\/+$/, ''),
      database: env.FLOWMETER_INFLUX_DB ?? 'flowmeter',
      token: blankToUndefined(env.FLOWMETER_INFLUX_TOKEN),
      username: blankToUndefined(env.FLOWMETER_INFLUX_USERNAME) ?? credentials?.username,
      password: blankToUndefined(env.FLOWMETER_INFLUX_PASSWORD) ?? credentials?.password,
      // Compressing costs CPU on both ends: worth it to a remote (https) server, not next door.
      gzip: (env.FLOWMETER_INFLUX_GZIP ?? (influxUrl?.startsWith('https:') ? 'true' : 'false')) === 'true',
      writeConcurrency: positiveInteger(env.FLOWMETER_INFLUX_WRITE_CONCURRENCY ?? '2', 'FLOWMETER_INFLUX_WRITE_CONCURRENCY'),
      cache: influxCache(env),
    },
    dataDir: env.FLOWMETER_DATA_DIR ?? './data',
    embeddedMemoryLimit: memorySize(env.FLOWMETER_EMBEDDED_MEMORY ?? '32MB'),
    timeZone,
    defaultBranch: blankToUndefined(env.FLOWMETER_DEFAULT_BRANCH) ?? 'main',
    ingestTokens: parseTokens(env.FLOWMETER_INGEST_TOKENS),
    readTokens: parseTokens(env.FLOWMETER_READ_TOKENS),
    allowAnonymous: env.FLOWMETER_ALLOW_ANONYMOUS === 'true',
    maxBodyBytes: parseSize(env.FLOWMETER_MAX_BODY ?? '10mb'),
    reads: {
      // InfluxDB: two leave a 2-core machine's engine room for writes meanwhile. Embedded: its
      // one reader connection answers one query at a time, and a second would wait there while
      // holding a thread of libuv's pool (4 threads), which ingest and zlib need too.
      maxInFlight: positiveInteger(env.FLOWMETER_QUERY_CONCURRENCY ?? (store === 'influx' ? '2' : '1'), 'FLOWMETER_QUERY_CONCURRENCY'),
      maxQueued: positiveInteger(env.FLOWMETER_QUERY_QUEUE ?? '1000', 'FLOWMETER_QUERY_QUEUE'),
      timeoutMs: positiveInteger(env.FLOWMETER_QUERY_TIMEOUT_MS ?? '20000', 'FLOWMETER_QUERY_TIMEOUT_MS'),
    },
    logLevel: env.FLOWMETER_LOG_LEVEL ?? 'info',
    webhooks: {
      github: secret(env, 'FLOWMETER_GITHUB_WEBHOOK_SECRET'),
      gitlab: secret(env, 'FLOWMETER_GITLAB_WEBHOOK_TOKEN'),
      circleci: secret(env, 'FLOWMETER_CIRCLECI_WEBHOOK_SECRET'),
    },
  };
  // An address is checked here; a name only resolves asynchronously (checkListenAddress).
  if (needsLoopback(config) && isIP(config.host) && !isLoopbackAddress(config.host)) throw refusal(config.host);
  return config;
}

/**
 * With no tokens the service listens on loopback only: the host is resolved, and every
 * address it names must be a loopback address (`127.0.0.1.nip.io` is a name like any other,
 * however it begins). A name that does not resolve is refused too.
 */
export async function checkListenAddress(config: Config, resolve: (host: string) => Promise<string[]> = lookupAll): Promise<void> {
  if (!needsLoopback(config)) return;
  const addresses = await resolve(config.host).catch(() => []);
  if (addresses.length === 0 || !addresses.every(isLoopbackAddress)) throw refusal(`${config.host} (${addresses.join(', ') || 'does not resolve'})`);
}

const needsLoopback = (config: Config) => !authEnabled(config) && !config.allowAnonymous;
const refusal = (where: string) => new ConfigError(
  `refusing to listen on ${where} with no tokens: set FLOWMETER_INGEST_TOKENS and FLOWMETER_READ_TOKENS, ` +
  'or FLOWMETER_ALLOW_ANONYMOUS=true to serve without authentication');

const lookupAll = async (host: string) => (await lookup(host, { all: true })).map((entry) => entry.address);

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
export const isLoopbackAddress = (address: string): boolean => {
  const family = isIP(address);
  return family !== 0 && loopback.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

/** Every secret of the configuration, for the logger to keep out of its lines. */
export const configuredSecrets = (config: Config): string[] => [
  ...config.ingestTokens.map((t) => t.secret), ...config.readTokens.map((t) => t.secret),
  ...[config.influx.token, config.influx.password, ...Object.values(config.webhooks)].filter((s): s is string => s !== undefined),
];

function urlCredentials(text: string): { url: string; username?: string; password?: string } | undefined {
  const m = /^(https?:\/\/)([^/@]*)@(.*)$/.exec(text);
  if (!m) return undefined;
  const [user, ...pass] = m[2].split(':');
  return {
    url: m[1] + m[3],
    username: user ? decodeURIComponent(user) : undefined,
    password: pass.length ? decodeURIComponent(pass.join(':')) : undefined,
  };
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

function influxCache(env: NodeJS.ProcessEnv): Config['influx']['cache'] {
  const switched = env.FLOWMETER_INFLUX_CACHE ?? 'on';
  if (switched !== 'on' && switched !== 'off') throw new ConfigError(`FLOWMETER_INFLUX_CACHE must be on or off, not "${switched}"`);
  if (switched === 'off') return undefined;
  return {
    maxEntries: positiveInteger(env.FLOWMETER_INFLUX_CACHE_ENTRIES ?? '1000', 'FLOWMETER_INFLUX_CACHE_ENTRIES'),
    maxBytes: positiveInteger(env.FLOWMETER_INFLUX_CACHE_MB ?? '32', 'FLOWMETER_INFLUX_CACHE_MB') * 1024 ** 2,
  };
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

const blankToUndefined = (v: string | undefined): string | undefined => (v && v.trim() ? v.trim() : undefined);
