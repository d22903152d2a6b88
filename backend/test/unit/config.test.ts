import { checkListenAddress, ConfigError, configuredSecrets, isLoopbackAddress, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('defaults to the embedded store on loopback with UTC days', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3001, store: 'embedded', timeZone: 'UTC', dataDir: './data' });
    expect(config.maxBodyBytes).toBe(10 * 1024 * 1024);
  });

  it('chooses InfluxDB when a URL is set, and parses named and unnamed tokens', () => {
    const config = loadConfig({ FLOWMETER_INFLUX_URL: 'http://127.0.0.1:8086/', FLOWMETER_READ_TOKENS: 'alice=s3cret, plain', FLOWMETER_INGEST_TOKENS: 'w' });
    expect(config.store).toBe('influx');
    expect(config.influx.url).toBe('http://127.0.0.1:8086');
    expect(config.readTokens).toEqual([{ user: 'alice', secret: 's3cret' }, { secret: 'plain' }]);
  });

  it('gzips writes only to an https InfluxDB unless told, and takes a write concurrency', () => {
    expect(loadConfig({ FLOWMETER_INFLUX_URL: 'http://influxdb:8086' }).influx).toMatchObject({ gzip: false, writeConcurrency: 2 });
    expect(loadConfig({ FLOWMETER_INFLUX_URL: 'https://cloud.example' }).influx.gzip).toBe(true);
    expect(loadConfig({ FLOWMETER_INFLUX_URL: 'http://influxdb:8086', FLOWMETER_INFLUX_GZIP: 'true', FLOWMETER_INFLUX_WRITE_CONCURRENCY: '4' }).influx)
      .toMatchObject({ gzip: true, writeConcurrency: 4 });
  });

  it('caches InfluxDB answers unless switched off, within the bounds given', () => {
    expect(loadConfig({}).influx.cache).toEqual({ maxEntries: 1000, maxBytes: 32 * 1024 ** 2 });
    expect(loadConfig({ FLOWMETER_INFLUX_CACHE_ENTRIES: '10', FLOWMETER_INFLUX_CACHE_MB: '2' }).influx.cache).toEqual({ maxEntries: 10, maxBytes: 2 * 1024 ** 2 });
    expect(loadConfig({ FLOWMETER_INFLUX_CACHE: 'off' }).influx.cache).toBeUndefined();
  });

  it('refuses to serve a non-loopback address without tokens unless told to', () => {
    expect(() => loadConfig({ FLOWMETER_HOST: '0.0.0.0' })).toThrow(/refusing to listen/);
    expect(loadConfig({ FLOWMETER_HOST: '0.0.0.0', FLOWMETER_ALLOW_ANONYMOUS: 'true' }).host).toBe('0.0.0.0');
    expect(loadConfig({ FLOWMETER_HOST: '0.0.0.0', FLOWMETER_READ_TOKENS: 'r' }).host).toBe('0.0.0.0');
  });

  it.each([
    [{ FLOWMETER_TZ: 'Mars/Olympus' }, /FLOWMETER_TZ/],
    [{ FLOWMETER_STORE: 'sqlite' }, /FLOWMETER_STORE/],
    [{ FLOWMETER_STORE: 'influx' }, /FLOWMETER_INFLUX_URL/],
    [{ FLOWMETER_PORT: 'eighty' }, /FLOWMETER_PORT/],
    [{ FLOWMETER_MAX_BODY: 'lots' }, /FLOWMETER_MAX_BODY/],
    [{ FLOWMETER_INFLUX_WRITE_CONCURRENCY: '0' }, /FLOWMETER_INFLUX_WRITE_CONCURRENCY/],
    [{ FLOWMETER_EMBEDDED_MEMORY: '1 tonne' }, /FLOWMETER_EMBEDDED_MEMORY/],
    [{ FLOWMETER_INFLUX_CACHE: 'maybe' }, /FLOWMETER_INFLUX_CACHE/],
    [{ FLOWMETER_INFLUX_CACHE_MB: '0' }, /FLOWMETER_INFLUX_CACHE_MB/],
  ])('names the variable that is wrong: %j', (env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });
});

describe('what the service exposes of its configuration', () => {
  it('takes credentials out of the InfluxDB URL as basic auth, and lists every secret for the logs', () => {
    const config = loadConfig({
      FLOWMETER_INFLUX_URL: 'http://flow:p%40ss:word@influxdb:8086/', FLOWMETER_READ_TOKENS: 'alice=read-secret', FLOWMETER_INGEST_TOKENS: 'write-secret',
      FLOWMETER_GITHUB_WEBHOOK_SECRET: 'gh-hook-secret', FLOWMETER_GITLAB_WEBHOOK_TOKEN: 'gl-hook-token', FLOWMETER_CIRCLECI_WEBHOOK_SECRET: 'cci-hook-secret',
    });
    expect(config.influx).toMatchObject({ url: 'http://influxdb:8086', username: 'flow', password: 'p@ss:word' });
    expect(configuredSecrets(config).sort()).toEqual(['cci-hook-secret', 'gh-hook-secret', 'gl-hook-token', 'p@ss:word', 'read-secret', 'write-secret']);
  });

  it('decides loopback by resolving the host, not by how its name begins', async () => {
    const resolveTo = (addresses: string[]) => async () => addresses;
    const noTokens = (host: string) => loadConfig({ FLOWMETER_HOST: host });
    await expect(checkListenAddress(noTokens('127.0.0.1.nip.io'), resolveTo(['10.1.2.3']))).rejects.toThrow(/refusing to listen on 127\.0\.0\.1\.nip\.io \(10\.1\.2\.3\)/);
    await expect(checkListenAddress(noTokens('dual.example'), resolveTo(['127.0.0.1', '192.168.1.4']))).rejects.toThrow(ConfigError);
    await expect(checkListenAddress(noTokens('nowhere.invalid'), () => Promise.reject(new Error('ENOTFOUND')))).rejects.toThrow(/does not resolve/);
    await expect(checkListenAddress(noTokens('box.local'), resolveTo(['127.0.1.1', '::1']))).resolves.toBeUndefined();
    // The real resolver: localhost is loopback on any machine.
    await expect(checkListenAddress(noTokens('localhost'))).resolves.toBeUndefined();
    // With tokens, any address may be served.
    await expect(checkListenAddress(loadConfig({ FLOWMETER_HOST: 'example.com', FLOWMETER_READ_TOKENS: 'r' }), resolveTo(['93.184.216.34']))).resolves.toBeUndefined();
  });

  it('tells loopback addresses by their range', () => {
    expect(['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', '128.0.0.1', '::ffff:10.0.0.1', '127.0.0.1.nip.io'].some(isLoopbackAddress)).toBe(false);
    expect(() => loadConfig({ FLOWMETER_HOST: '10.0.0.1' })).toThrow(/refusing to listen/);
    expect(loadConfig({ FLOWMETER_HOST: '127.0.0.2' }).host).toBe('127.0.0.2');
  });
});
