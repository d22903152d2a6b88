// `npm run bench -- <options>`: the service's benchmark with the options (npm appends them to a
// script's last command, so they come here), then the plugin process's costs (pkg/bench.mjs,
// which needs `npm run build:plugin-backend` first). Run from the repository's root.
import { spawnSync } from 'node:child_process';

const run = (args) => {
  const { status } = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
};
run(['backend/dist/bench.js', ...process.argv.slice(2)]);
run(['pkg/bench.mjs']);
