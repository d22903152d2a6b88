/** Reads the stack's files from the repository (the committed ones, as Grafana and Compose would). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(__dirname, '..', '..', '..');
export const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
export const readYaml = <T = any>(path: string): T => parse(read(path)); // eslint-disable-line @typescript-eslint/no-explicit-any
export const list = (dir: string, ext: string) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(ext)).sort().map((f) => `${dir}/${f}`);

/** Dashboards as provisioned: every JSON file of provisioning/dashboards/json. */
export const dashboardFiles = () => list('provisioning/dashboards/json', '.json').map((path) => ({ path, dashboard: JSON.parse(read(path)) }));

/** KEY=value lines of .env.example. */
export function envExample(): Record<string, string> {
  return Object.fromEntries(read('.env.example').split('\n').filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** Names of $VAR / ${VAR...} references in a text. */
export const referencedVariables = (text: string) => [...text.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]);
