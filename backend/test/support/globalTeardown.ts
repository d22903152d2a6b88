import type { RunningInfluxd } from './influxd';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __influxd?: RunningInfluxd }).__influxd?.stop();
}
