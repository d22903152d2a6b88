/**
 * Zadig as its clients call it: the parameter names of the document and those of Zadig's
 * released server (koderover/zadig v3.4.0, pkg/microservice/aslan/core/stat/handler: `projectKey`
 * on build/deploy/test, `startTime`/`endTime`/`projectKey` on v2/release), project lists with
 * commas in names, and the answers' nulls and error bodies as that server writes them.
 */
import { eachStore } from '../support/stores';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest, startService, type RunningService } from '../support/service';

/** Zadig v3.4.0's types and error body, extracted from its source (fixtures/, with source and licence). */
interface GoField { json: string; omitempty: boolean; nullable: boolean }
const zadig = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'zadig-v3.4.0-rollback-and-errors.json'), 'utf8')) as {
  types: Record<string, GoField[]>;
  error: { keys: string[]; type: string; extra: object; messages: Record<string, string> };
};

/**
 * Checks a value against a Go struct as encoding/json writes it: fields in declaration order,
 * omitempty ones absent when empty, null only where the field is a pointer or a slice.
 */
function goShapeErrors(type: string, value: Record<string, unknown>, nested: Record<string, string> = {}): string[] {
  const fields = zadig.types[type];
  const expectedKeys = fields.filter((f) => !(f.omitempty && value[f.json] === undefined)).map((f) => f.json);
  const errors = JSON.stringify(Object.keys(value)) === JSON.stringify(expectedKeys) ? [] : [`${type}: keys ${JSON.stringify(Object.keys(value))}, Zadig writes ${JSON.stringify(expectedKeys)}`];
  for (const field of fields) {
    const v = value[field.json];
    if (v === null && !field.nullable) errors.push(`${type}.${field.json}: null where Zadig never writes null`);
    const inner = nested[field.json];
    if (inner && v !== null && v !== undefined) {
      for (const item of Array.isArray(v) ? v : [v]) errors.push(...goShapeErrors(inner, item as Record<string, unknown>, nested));
    }
  }
  return errors;
}
const ROLLBACK_NESTING = { origin_service: 'OpenAPIEnvService', update_service: 'OpenAPIEnvService', containers: 'OpenAPIContainer', origin_sae_app: 'OpenAPISaeApplication', update_sae_app: 'OpenAPISaeApplication', create_by: 'OpenAPIUserBriefInfo' };

const DAY = 86_400;
const START = Date.parse('2026-03-02T00:00:00Z') / 1000; // a Monday; the data lie far from "the last 7 days"
const END = START + 13 * DAY + DAY - 1;
const PROJECTS = ['alpha', 'beta, inc', 'gamma'];
const STATUSES = ['success', 'failure', 'timeout', 'cancelled', 'success', 'success', 'failure'];

/** Different counts per project, so that a filter that leaks shows. */
const events = ['build', 'deploy', 'test', 'release'].flatMap((kind) => PROJECTS.flatMap((project, p) =>
  Array.from({ length: 5 + p * 4 }, (_, i) => ({
    kind, id: `${kind}-${p}-${i}`, project, status: STATUSES[(i + p) % STATUSES.length], time: START + i * DAY + 3600 * (p + 1), duration: 10 + i,
    ...(kind === 'test' ? { cases: 2 + i } : {}),
  }))));

const count = (kind: string, projects: string[]) => events.filter((e) => e.kind === kind && projects.includes(e.project)).length;

eachStore('Zadig: the real server\'s parameter names, and project lists', (getStore) => {
  let service: RunningService;
  const get = async (path: string) => {
    const res = await fetch(`${service.url}/openapi/statistics${path}`);
    return { status: res.status, body: await res.json() };
  };
  beforeAll(async () => {
    service = await startService(getStore(), { FLOWMETER_TZ: 'UTC' });
    await ingest(service.url, events);
  });
  afterAll(async () => { await service.close(); });

  it.each(['build', 'deploy'])('%s: projectKey (the real server\'s name) filters like productNames', async (kind) => {
    const byKey = await get(`/${kind}?startDate=${START}&endDate=${END}&projectKey=gamma`);
    expect(byKey.status).toBe(200);
    expect(byKey.body.total).toBe(count(kind, ['gamma']));
    expect(byKey.body).toEqual((await get(`/${kind}?startDate=${START}&endDate=${END}&productNames=gamma`)).body);
  });

  it('test: projectKey filters like productNames', async () => {
    const byKey = (await get(`/test?startDate=${START}&endDate=${END}&projectKey=alpha`)).body;
    expect(byKey.exec_count).toBe(count('test', ['alpha']));
    expect(byKey).toEqual((await get(`/test?startDate=${START}&endDate=${END}&productNames=alpha`)).body);
  });

  it('v2/release: startTime, endTime and projectKey (the real server\'s names) answer as start_time, end_time and project_name', async () => {
    const real = await get(`/v2/release?startTime=${START}&endTime=${END}&projectKey=${encodeURIComponent('beta, inc')}`);
    expect(real.status).toBe(200);
    expect(real.body.total).toBe(count('release', ['beta, inc']));
    expect(real.body.daily_stat).toHaveLength(14);
    expect(real.body).toEqual((await get(`/v2/release?start_time=${START}&end_time=${END}&project_name=${encodeURIComponent('beta, inc')}`)).body);
  });

  it.each([
    `/build?startDate=${START}&endDate=${END}&productNames=alpha&projectKey=gamma`,
    `/v2/release?start_time=${START}&startTime=${START}&end_time=${END}`,
    `/v2/release?start_time=${START}&end_time=${END}&project_name=alpha&projectKey=gamma`,
  ])('two spellings of one parameter at once: 400 (%s)', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body.description).toMatch(/not both/);
  });

  it('repeated productNames: each value whole, commas included', async () => {
    const { body } = await get(`/build?startDate=${START}&endDate=${END}&productNames=alpha&productNames=${encodeURIComponent('beta, inc')}`);
    expect(body.total).toBe(count('build', ['alpha', 'beta, inc']));
  });

  it('one productNames value: comma-separated', async () => {
    const { body } = await get(`/deploy?startDate=${START}&endDate=${END}&productNames=alpha,gamma`);
    expect(body.total).toBe(count('deploy', ['alpha', 'gamma']));
  });

  it('productNames[] is the same parameter (not ignored)', async () => {
    const brackets = (await get(`/build?startDate=${START}&endDate=${END}&productNames[]=gamma&productNames[]=${encodeURIComponent('beta, inc')}`)).body;
    expect(brackets.total).toBe(count('build', ['gamma', 'beta, inc']));
    const all = (await get(`/build?startDate=${START}&endDate=${END}`)).body;
    expect(all.total).toBe(count('build', PROJECTS));
  });
});

eachStore('Zadig: rollbacks and errors as the released server writes them', (getStore) => {
  let service: RunningService;
  const get = async (path: string) => {
    const res = await fetch(`${service.url}/openapi/statistics${path}`);
    return { status: res.status, body: await res.json() };
  };
  const T0 = Date.parse('2026-05-04T10:00:00Z') / 1000;
  beforeAll(async () => {
    service = await startService(getStore());
    await ingest(service.url, [
      // Kubernetes: services before and after, one container without an image name.
      { kind: 'rollback', id: 'k8s', project: 'alpha', env: 'prod', service: 'api', time: T0, env_type: 'zadig', production: true, operation_type: 'zadig', service_type: 'k8s',
        origin_service: { service_name: 'api', containers: [{ name: 'api', image: 'reg/api:1', image_name: 'api' }, { name: 'sidecar', image: 'reg/proxy:2' }], update_time: T0 - 60 },
        update_service: { service_name: 'api', update_time: T0 },
        create_by: { uid: 'u1', account: 'admin', name: 'Admin', identity_type: 'system' } },
      // SAE: applications, no services.
      { kind: 'rollback', id: 'sae', project: 'alpha', env: 'sae-prod', service: 'shop', time: T0 + 60, env_type: 'sae', production: true,
        origin_sae_app: { app_name: 'shop', app_id: 'a-1', image_url: 'reg/shop:7', instances: 3 }, update_sae_app: { app_name: 'shop', app_id: 'a-1', image_url: 'reg/shop:6', instances: 3 } },
      // Nothing recorded but the names.
      { kind: 'rollback', id: 'bare', project: 'alpha', env: 'dev', service: 'web', time: T0 + 120 },
    ]);
  });
  afterAll(async () => { await service.close(); });

  it('items decode as Zadig v3.4.0\'s OpenAPIRollBackStat: field order, SAE applications, null for what was not recorded', async () => {
    const { status, body } = await get(`/v2/rollback/detail?projectKey=alpha&startTime=${T0}&endTime=${T0 + 3600}&pageNum=1&pageSize=10`);
    expect(status).toBe(200);
    expect(body.total).toBe(3);
    for (const item of body.data) expect(goShapeErrors('OpenAPIRollBackStat', item, ROLLBACK_NESTING)).toEqual([]);
    const [bare, sae, k8s] = body.data;
    expect([bare.origin_service, bare.update_service, bare.origin_sae_app, bare.update_sae_app]).toEqual([null, null, null, null]);
    expect(bare.create_by).toEqual({ uid: '', account: '', name: '', identity_type: '' });
    expect([sae.origin_service, sae.update_service]).toEqual([null, null]);
    expect(sae.origin_sae_app).toEqual({ app_name: 'shop', app_id: 'a-1', image_url: 'reg/shop:7', package_url: '', instances: 3 });
    expect([k8s.origin_sae_app, k8s.update_sae_app]).toEqual([null, null]);
    expect(k8s.origin_service.containers).toEqual([{ name: 'api', type: '', image: 'reg/api:1', image_name: 'api' }, { name: 'sidecar', type: '', image: 'reg/proxy:2' }]);
    expect(k8s.update_service.containers).toBeNull();
  });

  it('an empty page answers data: null (a nil slice in the released server)', async () => {
    const { body } = await get(`/v2/rollback/detail?projectKey=nobody&startTime=${T0}&endTime=${T0 + 3600}&pageNum=1&pageSize=10`);
    expect(body).toEqual({ total: 0, data: null });
  });

  it.each([
    ['/build?startDate=abc&endDate=1', 400],
    ['/v2/rollback/detail?startTime=1&endTime=2&pageNum=1', 400],
    ['/nowhere', 404],
  ])('errors: {type, code, message, description, extra} as ErrorMessage writes them (%s)', async (path, code) => {
    const { status, body } = await get(path);
    expect(status).toBe(code);
    expect(Object.keys(body)).toEqual(zadig.error.keys);
    expect(body).toMatchObject({ type: zadig.error.type, code, message: zadig.error.messages[String(code)], extra: zadig.error.extra });
    expect(body.description).toEqual(expect.any(String));
  });
});
