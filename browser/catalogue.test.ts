/**
 * @jest-environment node
 *
 * The package zip (`npm run package`, which scripts/test.sh runs) against the rules of Grafana's
 * plugin validator, the check the plugin catalogue runs on a submission
 * (github.com/grafana/plugin-validator, pkg/analysis/passes/, read at commit a7e38aa; Apache-2.0).
 * Each test names the analyzers it follows. Not checked here, because they need grafana.com or
 * the network: signature and manifest, org, published, version, brokenlinks, safelinks,
 * osvscanner, virusscan, llmreview, reactcompat (runs @grafana/react-detect).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { QueryKindLabels, QueryKinds } from '../contract/query';

const ROOT = join(__dirname, '..');
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

let unpacked: string;
let archiveDir: string;
let plugin: {
  id: string; type: string; name: string;
  info: { description: string; keywords: string[]; version: string; logos: { small: string; large: string }; links: Array<{ name: string; url: string }>; screenshots: Array<{ name: string; path: string }> };
  dependencies: { grafanaDependency: string };
};

beforeAll(() => {
  unpacked = mkdtempSync(join(tmpdir(), 'flowmeter-catalogue-'));
  execFileSync('unzip', ['-q', join(ROOT, `flowmeter-insights-datasource-${packageJson.version}.zip`), '-d', unpacked]);
  const [root] = readdirSync(unpacked);
  archiveDir = join(unpacked, root);
  plugin = JSON.parse(readFileSync(join(archiveDir, 'plugin.json'), 'utf8'));
});

afterAll(() => {
  if (unpacked) rmSync(unpacked, { recursive: true, force: true });
});

const read = (file: string) => readFileSync(join(archiveDir, file), 'utf8');

test('archive, archivename, modulejs: one folder named after the plugin id, module.js at its top', () => {
  expect(readdirSync(unpacked)).toEqual([plugin.id]);
  expect(statSync(archiveDir).isDirectory()).toBe(true);
  expect(existsSync(join(archiveDir, 'dist'))).toBe(false);
  expect(existsSync(join(archiveDir, 'module.js'))).toBe(true);
});

test('buildtools, packagejson: create-plugin\'s webpack config builds it; package.json names the version', () => {
  expect(readFileSync(join(ROOT, '.config', 'webpack', 'webpack.config.ts'), 'utf8')).toContain('@grafana/create-plugin');
  expect(JSON.parse(readFileSync(join(ROOT, '.config', '.cprc.json'), 'utf8')).version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(packageJson.scripts.build).toMatch(/^webpack -c \.\/webpack\.config\.ts --env production$/);
  expect(read('module.js')).toMatch(/^\/\* \[create-plugin\] version: \d+\.\d+\.\d+ \*\//);
});

test('metadata: plugin id ends with its type, has org-name-type parts, a human name; version from package.json', () => {
  expect(plugin.id.split('-').at(-1)).toBe(plugin.type);
  expect(plugin.id.split('-').length).toBeGreaterThanOrEqual(3);
  expect(plugin.name).not.toBe(plugin.id);
  expect(plugin.info.version).toBe(packageJson.version); // packagejson
  expect(plugin).toEqual(expect.objectContaining({ ...JSON.parse(readFileSync(join(ROOT, 'src', 'plugin.json'), 'utf8')), info: expect.any(Object), buildMode: 'production' }));
});

test('grafanadependency, restrictivedep: a semver range, not one release or one minor\'s patches', () => {
  const dependency = plugin.dependencies.grafanaDependency;
  expect(dependency).toMatch(/^>=\d+\.\d+\.\d+$/);
  expect(dependency).not.toMatch(/^[0-9]+.[0-9]+.x$/);
  expect(dependency).not.toMatch(/^[0-9]+.[0-9]+.[0-9]+$/);
});

test('discoverability: a description and keywords', () => {
  expect(plugin.info.description.length).toBeGreaterThan(20);
  expect(plugin.info.keywords.length).toBeGreaterThan(3);
});

test('links: documentation, source and issues, absolute https URLs of one repository', () => {
  const byName = Object.fromEntries(plugin.info.links.map((link) => [link.name, link.url]));
  expect(Object.keys(byName).sort()).toEqual(['Documentation', 'Issues', 'Source']);
  for (const url of Object.values(byName)) expect(url.startsWith(`${byName.Source}`)).toBe(true);
  expect(byName.Source).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
  expect(packageJson.homepage).toBe(byName.Documentation);
  expect(packageJson.bugs.url).toBe(byName.Issues);
});

/** The first bytes of an image and its extension agree, as the validator's content sniffing asks. */
function imageType(file: string): string {
  const head = Buffer.alloc(8);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return '.png';
  if (head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return '.jpg';
  if (readFileSync(file, 'utf8').slice(0, 512).includes('<svg')) return '.svg';
  return 'unknown';
}

test('screenshots, logos, metadatapaths: relative paths to images in the archive whose content matches their extension', () => {
  expect(plugin.info.screenshots.length).toBeGreaterThan(0);
  const paths = [plugin.info.logos.small, plugin.info.logos.large, ...plugin.info.screenshots.map((s) => s.path)];
  for (const path of paths) {
    expect(path).toMatch(/^[^./]/);
    expect(path).not.toMatch(/^[a-z]+:/);
    expect({ path, type: imageType(join(archiveDir, path)) }).toEqual({ path, type: extname(path) });
  }
  for (const { name } of plugin.info.screenshots) expect(name.trim()).not.toBe('');
});

/** The elements the validator's svgvalidate forbids (pkg/svgvalidate, from hamochi/safesvg). */
const SVG_FORBIDDEN = ['annotation-xml', 'audio', 'colgroup', 'iframe', 'math', 'mi', 'mn', 'mo', 'ms', 'mtext', 'noembed', 'noframes', 'noscript', 'plaintext', 'script', 'template', 'thead', 'xmp'];

test('unsafesvg: no SVG holds a forbidden element or an on* attribute', () => {
  const svgs = execFileSync('find', [archiveDir, '-name', '*.svg'], { encoding: 'utf8' }).trim().split('\n');
  expect(svgs.length).toBeGreaterThan(0);
  for (const svg of svgs) {
    const text = readFileSync(svg, 'utf8');
    const elements = [...text.matchAll(/<\/?([\w-]+)/g)].map((m) => m[1].toLowerCase());
    expect(elements.filter((e) => SVG_FORBIDDEN.includes(e))).toEqual([]);
    expect(text).not.toMatch(/\son\w+\s*=/i);
  }
});

test('license: an Apache-2.0 LICENSE, as package.json declares, with its template fields filled in', () => {
  const license = read('LICENSE');
  expect(packageJson.license).toBe('Apache-2.0');
  expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  expect(license).toContain('END OF TERMS AND CONDITIONS');
  expect(license).not.toMatch(/\{yyyy\}|\{name of copyright owner\}/);
  expect(license).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
});

test('changelog: CHANGELOG.md lists this version', () => {
  expect(read('CHANGELOG.md')).toMatch(new RegExp(`^## ${packageJson.version.replace(/\./g, '\\.')}$`, 'm'));
});

test('readme, templatereadme, jargon, brokenlinks: src/README.md for Grafana users, absolute links only', () => {
  const readme = read('README.md');
  expect(readme).toBe(readFileSync(join(ROOT, 'src', 'README.md'), 'utf8'));
  expect(readme).not.toMatch(/<!--(.*?)-->/);
  expect(readme).not.toMatch(/Grafana (Panel|Data Source|Datasource|App|Data Source Backend) Plugin Template/i);
  for (const word of ['yarn', 'nodejs']) expect(readme).not.toContain(word);
  const links = [...readme.matchAll(/\[.+?\]\((.+?)\)/g)].map((m) => m[1].split(/\s+/)[0]);
  expect(links.length).toBeGreaterThan(0);
  expect(links.filter((link) => !/^(https?:\/\/|#|mailto:)/.test(link))).toEqual([]);
  // What the brief of this README asks: install, configure, queries, variables, annotations, alerting.
  for (const section of ['Install', 'Configure', 'Queries', 'Variables', 'Annotations', 'Alerting']) expect(readme).toMatch(new RegExp(`^## ${section}$`, 'm'));
});

test('the README names every query kind of the contract and gives each an example', () => {
  const readme = read('README.md');
  for (const kind of QueryKinds) {
    expect({ kind, listed: readme.includes(`| ${QueryKindLabels[kind].label} |`), example: readme.includes(`"kind": "${kind}"`) })
      .toEqual({ kind, listed: true, example: true });
  }
});

/**
 * jssourcemap: the validator reads module.js.map, strips `webpack://<id>/`, skips webpack's
 * runtime, externals, node_modules and styles/images/JSON (pkg/sourcemap), and compares every
 * other source with the file at that path under the repository's src/ (pkg/difftool).
 */
const IGNORED_PREFIXES = ['external ', 'webpack/', '../node_modules', './node_modules/'];
const IGNORED_EXTENSIONS = ['.css', '.scss', '.sass', '.less', '.svg', '.svg$', '.json'];

function comparedSources(map: { sources: string[]; sourcesContent: string[] }, id: string): [string, string][] {
  const prefix = new RegExp(`^webpack://${id}/*|^webpack:/*`);
  return map.sources.map((source, i) => [source.replace(prefix, ''), map.sourcesContent[i]] as [string, string]).filter(([name]) => {
    const path = name.split('?')[0];
    return !path.includes('/node_modules/.pnpm/')
      && !IGNORED_EXTENSIONS.some((ext) => path.endsWith(ext))
      && !IGNORED_PREFIXES.some((start) => name.length > start.length && name.startsWith(start));
  });
}

test('jssourcemap: module.js.map carries the sources, and each compared source is the repository\'s file', () => {
  const map = JSON.parse(read('module.js.map'));
  expect(map.sources.length).toBeGreaterThan(0);
  expect(map.sourcesContent).toHaveLength(map.sources.length);
  const compared = comparedSources(map, plugin.id);
  expect(compared.map(([name]) => name)).toEqual(expect.arrayContaining(['./module.ts', '../contract/query.ts']));
  for (const [name, content] of compared) {
    const file = join(ROOT, 'src', name);
    expect({ name, found: existsSync(file) }).toEqual({ name, found: true });
    expect({ name, equal: readFileSync(file, 'utf8').replace(/\r\n/g, '\n') === content.replace(/\r\n/g, '\n') }).toEqual({ name, equal: true });
  }
});
