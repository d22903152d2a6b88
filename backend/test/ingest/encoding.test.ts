/**
 * Strict UTF-8: invalid bytes and lone surrogates are refused with the line they are on, and
 * nothing of the batch is written; valid non-ASCII text (pairs included) is stored as sent.
 */
import { eachStore } from '../support/stores';
import { startService, type RunningService } from '../support/service';

const T0 = Date.UTC(2026, 9, 1, 12);
const line = (project: string, id: string) => `{"kind":"build","id":"${id}","project":"${project}","status":"success","time":${T0}}`;

async function post(url: string, body: Buffer, contentType: string) {
  const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) });
  return { status: res.status, body: await res.json() as { error?: string; accepted?: number; details?: Array<{ line: number; index?: number; message: string }> } };
}

eachStore('strict UTF-8', (getStore) => {
  let service: RunningService;
  beforeAll(async () => { service = await startService(getStore()); });
  afterAll(async () => { await service.close(); });
  const count = (project: string) => getStore().count({ measurement: 'build', where: { project: [project] } });

  it.each([
    ['a stray continuation byte', Buffer.from([0x80])],
    ['a truncated sequence', Buffer.from([0xe2, 0x82])],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
    ['an encoded surrogate (CESU-8)', Buffer.from([0xed, 0xa0, 0x80])],
  ])('refuses %s with the line number, NDJSON and JSON alike', async (_what, bad) => {
    const project = `utf8-${bad.toString('hex')}`;
    // A blank line is no item: the bad one is on line 4 and is item 2.
    const ndjson = Buffer.concat([Buffer.from(`${line(project, 'a')}\n\n${line(project, 'b')}\n{"kind":"build","project":"`), bad, Buffer.from(`","status":"success","time":${T0}}\n`)]);
    const res = await post(service.url, ndjson, 'application/x-ndjson');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/line 4 is not valid UTF-8/);
    expect(res.body.details?.[0]).toEqual(expect.objectContaining({ line: 4, index: 2 }));

    const json = Buffer.concat([Buffer.from(`[\n${line(project, 'a')},\n{"kind":"build","project":"`), bad, Buffer.from(`","status":"success","time":${T0}}]`)]);
    const jsonRes = await post(service.url, json, 'application/json');
    expect(jsonRes.status).toBe(400);
    expect(jsonRes.body.error).toMatch(/line 3 is not valid UTF-8/);
    expect(await count(project)).toBe(0);
  });

  it('refuses a lone surrogate escape with the line number; a pair is kept', async () => {
    const project = 'utf8-surrogate';
    const lone = `${line(project, 'a')}\n${line(`${project}\\ud800x`, 'b')}\n`;
    const res = await post(service.url, Buffer.from(lone), 'application/x-ndjson');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/line 2 is not valid Unicode/);
    const loneLow = await post(service.url, Buffer.from(`[${line(project, 'a')},\n${line('\\udc00', 'b')}]`), 'application/json');
    expect(loneLow.status).toBe(400);
    expect(loneLow.body.error).toMatch(/line 2 is not valid Unicode/);
    expect(await count(project)).toBe(0);

    // An escaped backslash before "ud800" is plain text, and a pair is one character (😀).
    const fine = await post(service.url, Buffer.from(`${line(`${project}\\\\ud800`, 'c')}\n${line(`${project}\\ud83d\\ude00`, 'd')}\n${line(`${project}-é`, 'e')}`), 'application/x-ndjson');
    expect(fine.body).toEqual({ accepted: 3 });
    const projects = await getStore().tagValues('build', 'project');
    expect(projects).toEqual(expect.arrayContaining([`${project}\\ud800`, `${project}😀`, `${project}-é`]));
  });
});
