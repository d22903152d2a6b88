/** The Grafana generations whose shared libraries the browser tests run the built plugin with. */
import generations from './generations.json';

export interface Generation {
  /** Directory name, e.g. grafana13. */
  name: string;
  label: string;
  /** Where this generation's node_modules are, relative to the repository root. */
  packages: string;
  /** Where browser/build.mjs writes its harness.js, relative to the repository root. */
  out: string;
}

export const GENERATIONS: Generation[] = generations;
