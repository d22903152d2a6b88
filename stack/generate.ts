/** Writes the generated provisioning files (see files.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stackFiles } from './files';

const root = process.argv[2] ?? process.cwd();
for (const [path, content] of Object.entries(stackFiles())) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
  process.stdout.write(`wrote ${path}\n`);
}
