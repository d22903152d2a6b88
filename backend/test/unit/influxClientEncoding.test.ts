/**
 * The InfluxDB client asks for query answers compressed only when it compresses its writes:
 * gzip costs influxd time before the first byte goes out, which a nearby server (plain http,
 * gzip off by default) does not win back. Answers of both kinds are read alike against a real
 * influxd in backend/test/store (the suites run with gzip on and off).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InfluxClient } from '../../src/store/influx/client';

async function askedEncoding(gzip: boolean | undefined): Promise<string | undefined> {
  let asked: string | undefined;
  const server = createServer((req, res) => {
    asked = req.headers['accept-encoding'];
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ results: [{ statement_id: 0, series: [{ name: 'm', columns: ['time', 'v'], values: [[1, 2]] }] }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [[series]] = await new InfluxClient({ url, database: 'db', ...(gzip === undefined ? {} : { gzip }) }).query('SELECT v FROM m');
    expect(series.values).toEqual([[1, 2]]);
    return asked;
  } finally {
    server.close();
  }
}

describe('InfluxClient query answers', () => {
  it('are asked uncompressed when gzip is off', async () => {
    expect(await askedEncoding(false)).toBe('identity');
  });

  it('may come gzipped when gzip is on (the default)', async () => {
    expect(await askedEncoding(true)).toContain('gzip');
    expect(await askedEncoding(undefined)).toContain('gzip');
  });
});
