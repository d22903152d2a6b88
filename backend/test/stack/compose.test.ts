/** docker-compose.yml, the Dockerfile and .env.example: what Compose and Docker need, parsed (no Docker engine here). */
import { envExample, read, readYaml, referencedVariables } from './files';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval: string; retries: number };
  restart?: string;
}

const compose = readYaml<{ name: string; services: Record<string, Service>; volumes: Record<string, unknown> }>('docker-compose.yml');
const { services } = compose;

describe('docker-compose.yml', () => {
  it('has the four services, long-running ones with health checks', () => {
    expect(Object.keys(services).sort()).toEqual(['demo', 'flowmeter', 'grafana', 'influxdb']);
    for (const name of ['influxdb', 'flowmeter', 'grafana']) {
      const check = services[name].healthcheck!;
      expect([name, check.test[0]]).toEqual([name, 'CMD']);
      expect(check.test.length).toBeGreaterThan(1);
      expect(check.retries).toBeGreaterThan(0);
    }
  });

  it('pins every image (no latest, no bare major)', () => {
    // The Ubuntu (glibc) variant runs the plugin's backend executables; Alpine's musl cannot.
    expect(services.grafana.image).toMatch(/^grafana\/grafana:12\.\d+\.\d+-ubuntu$/);
    expect(services.influxdb.image).toMatch(/^influxdb:1\.8\.\d+$/);
    const from = [...read('backend/Dockerfile').matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(from.length).toBe(2);
    for (const image of from) expect(image).toMatch(/^node:24\.\d+\.\d+-\w+-slim$/);
  });

  it('starts in order: InfluxDB healthy -> Flowmeter healthy -> demo seeded -> Grafana', () => {
    expect(services.flowmeter.depends_on).toEqual({ influxdb: { condition: 'service_healthy' } });
    expect(services.demo.depends_on).toEqual({ flowmeter: { condition: 'service_healthy' } });
    expect(services.grafana.depends_on).toMatchObject({ flowmeter: { condition: 'service_healthy' }, demo: { condition: 'service_completed_successfully' } });
    for (const [name, s] of Object.entries(services)) {
      for (const dependency of Object.keys(s.depends_on ?? {})) expect([name, dependency in services]).toEqual([name, true]);
    }
  });

  it('builds the service from backend/Dockerfile and seeds with npm run demo against it', () => {
    expect(services.flowmeter.build).toEqual({ context: '.', dockerfile: 'backend/Dockerfile' });
    expect(services.flowmeter.environment).toMatchObject({ FLOWMETER_INFLUX_URL: 'http://influxdb:8086', FLOWMETER_HOST: '0.0.0.0' });
    expect(services.demo.build).toMatchObject({ dockerfile: 'backend/Dockerfile', target: 'build' });
    expect(services.demo.command!.slice(0, 3)).toEqual(['npm', 'run', 'demo']);
    expect(services.demo.environment!.FLOWMETER_URL).toBe('http://flowmeter:3001');
    expect(services.demo.restart).toBe('no');
  });

  it('mounts the plugin, the provisioning and named volumes into Grafana', () => {
    const g = services.grafana;
    expect(g.volumes).toEqual(expect.arrayContaining([
      './dist:/var/lib/grafana/plugins/flowmeter-insights-datasource:ro', './provisioning:/etc/grafana/provisioning:ro', 'grafana-data:/var/lib/grafana',
    ]));
    expect(g.environment!.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe('flowmeter-insights-datasource');
    const named = Object.values(services).flatMap((s) => s.volumes ?? []).map((v) => v.split(':')[0]).filter((v) => !v.startsWith('.'));
    expect(named.sort()).toEqual(Object.keys(compose.volumes).sort());
  });

  it('hard-codes no secret: passwords and tokens come from .env, which .env.example documents', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        if (/PASSWORD|TOKEN/.test(key)) expect([name, key, String(value)]).toEqual([name, key, expect.stringMatching(/\$\{[A-Z_]+:\?/)]);
      }
    }
    const example = envExample();
    const used = new Set(referencedVariables(JSON.stringify(compose))); // parsed: comments left out
    for (const variable of used) expect([variable, variable in example]).toEqual([variable, true]);
    for (const variable of Object.keys(example)) expect([variable, used.has(variable)]).toEqual([variable, true]);
    for (const [key, value] of Object.entries(example)) if (/PASSWORD|TOKEN/.test(key)) expect([key, value]).toEqual([key, 'change-me']);
    expect(read('.gitignore').split('\n')).toContain('.env');
  });
});

describe('backend/Dockerfile', () => {
  const dockerfile = read('backend/Dockerfile');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('builds with esbuild in a build stage and runs the bundle with production dependencies only', () => {
    expect(dockerfile).toMatch(/^FROM \S+ AS build$/m);
    expect(dockerfile).toMatch(/RUN npm run build:backend/);
    expect(runtime).toMatch(/RUN npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=build \/app\/backend\/dist \.\/backend\/dist/);
    expect(runtime).toMatch(/CMD \["backend\/dist\/server\.js"\]/);
  });

  it('runs as a non-root user with a health check on /api/v1/health', () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD [^\n]*\/api\/v1\/health/m);
    expect(runtime).toMatch(/FLOWMETER_HOST=0\.0\.0\.0/);
  });

  it('keeps dependencies, builds and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', 'backend/dist', 'dist', '.env', '.git']) expect(ignored).toContain(entry);
  });
});
