/**
 * The InfluxDB client against a local HTTP server that closes connections under it: a request
 * whose connection is reset at once, before any answer, is sent once more (a kept-alive socket
 * the server had closed); a second reset, or one after InfluxDB worked on the request a while,
 * is the store being unavailable. Unit test of the client's wire
 * behaviour; the store's behaviour against a real influxd is in backend/test/store.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StoreUnavailableError } from '../../src/store/Store';
import { InfluxClient } from '../../src/store/influx/client';

/**
 * A server that resets the first `resets` requests' connections (after `delayMs`), then answers
 * /write with 204.
 */
async function resettingServer(resets: number, delayMs = 0): Promise<{ server: Server; url: string; writes: () => number }> {
  let seen = 0;
  let written = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (seen++ < resets) {
        setTimeout(() => req.socket.destroy(), delayMs);
        return;
      }
      written++;
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, writes: () => written };
}

describe('InfluxClient', () => {
  it('sends a write once more when its connection is reset before any answer', async () => {
    const { server, url, writes } = await resettingServer(1);
    try {
      await new InfluxClient({ url, database: 'db', gzip: false }).write(Buffer.from('m f=1 1\n'));
      expect(writes()).toBe(1);
    } finally {
      server.close();
    }
  });

  it('reports the store unavailable when the second attempt is reset too', async () => {
    const { server, url, writes } = await resettingServer(2);
    try {
      await expect(new InfluxClient({ url, database: 'db', gzip: false }).write(Buffer.from('m f=1 1\n'))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(writes()).toBe(0);
    } finally {
      server.close();
    }
  });

  it('does not send again when the connection was dropped after InfluxDB worked on the request a while', async () => {
    const { server, url, writes } = await resettingServer(1, 1_500);
    try {
      await expect(new InfluxClient({ url, database: 'db', gzip: false }).write(Buffer.from('m f=1 1\n'))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(writes()).toBe(0);
    } finally {
      server.close();
    }
  });
});
