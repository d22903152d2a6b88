/** One influxd for the whole test run; each test file uses a database of its own. */
import { startInfluxd } from './influxd';

export default async function globalSetup(): Promise<void> {
  const influxd = await startInfluxd();
  process.env.FLOWMETER_TEST_INFLUX_URL = influxd.url;
  (globalThis as { __influxd?: unknown }).__influxd = influxd;
}
