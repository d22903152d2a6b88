/** CDEvents -> events, without a server: the specification's conformance examples through mapCdevents. */
import { Event } from '../../../contract/events';
import { mapCdevents } from '../../src/receivers/cdevents/map';
import { cdeventExample } from './cdeventsExamples';

const binary = { 'content-type': 'application/json' };
const mapped = (payload: unknown, headers: Record<string, string> = binary) => {
  const m = mapCdevents(payload, headers);
  if ('ignored' in m) throw new Error(`ignored: ${m.ignored}`);
  for (const e of m.events) expect(Event.safeParse(e).error).toBeUndefined();
  return m.events;
};
const AT = Date.parse('2023-03-20T14:27:05.315384Z');

describe('CDEvents mapping', () => {
  it('pipelinerun.finished is a workflow run and a build; taskrun.finished a job run', () => {
    expect(mapped(cdeventExample('pipelinerun_finished'))).toEqual([
      { kind: 'workflow_run', id: '/event/source/123#mySubject123', project_slug: '/event/source/123', workflow: 'myPipeline', status: 'failed', created_at: AT, stopped_at: AT },
      { kind: 'build', id: '/event/source/123#mySubject123', project: '/event/source/123', workflow: 'myPipeline', status: 'failure', time: AT },
    ]);
    expect(mapped(cdeventExample('taskrun_finished'))).toEqual([
      { kind: 'job_run', id: '/event/source/123#mySubject123', project_slug: '/event/source/123', workflow: 'mySubject123', job: 'myTask', status: 'failed', started_at: AT, stopped_at: AT },
    ]);
  });

  it('build, test suite, deploys, rollback and incidents', () => {
    expect(mapped(cdeventExample('build_finished'))[0]).toMatchObject({ kind: 'build', status: 'success', artifact: expect.stringMatching(/^pkg:oci\/myapp/) });
    expect(mapped(cdeventExample('testsuiterun_finished'))[0]).toMatchObject({ kind: 'test', status: 'failure', suite: 'Auth TestSuite' });
    for (const name of ['service_deployed', 'service_upgraded']) {
      expect(mapped(cdeventExample(name))[0]).toMatchObject({ kind: 'deploy', status: 'success', service: 'mySubject123', env: 'test123', production: false });
    }
    expect(mapped(cdeventExample('service_rolledback'))[0]).toMatchObject({ kind: 'rollback', env: 'test123', service: 'mySubject123' });
    const at = Date.parse('2022-11-11T13:52:20.079Z');
    expect(mapped(cdeventExample('incident_detected'))).toEqual([{ kind: 'incident', id: '/monitoring/prod1#incident-123:detected', project: '/monitoring/prod1', incident: 'incident-123', status: 'detected', time: at, service: 'myApp', env: 'prod1' }]);
    expect(mapped(cdeventExample('incident_resolved'))[0]).toMatchObject({ incident: 'incident-123', status: 'resolved' });
  });

  it('customData.project names the project; structured mode and base64 data read the same event', () => {
    const event = cdeventExample('pipelinerun_finished');
    event.customData = { project: 'payments' };
    expect(mapped(event)[0]).toMatchObject({ project_slug: 'payments' });
    const structured = { 'content-type': 'application/cloudevents+json' };
    expect(mapped({ specversion: '1.0', type: event.context.type, data: event }, structured)).toEqual(mapped(event));
    expect(mapped({ specversion: '1.0', data_base64: Buffer.from(JSON.stringify(event)).toString('base64') }, structured)).toEqual(mapped(event));
  });

  it('checks the event against its schema; unmapped types are ignored', () => {
    const bad = cdeventExample('pipelinerun_finished');
    bad.subject.content.outcome = 'maybe';
    expect(() => mapCdevents(bad, binary)).toThrow('not a valid dev.cdevents.pipelinerun.finished.0.3.0 event (CDEvents schema): /subject/content/outcome must be equal to one of the allowed values');
    const older = cdeventExample('pipelinerun_finished');
    older.context.type = 'dev.cdevents.pipelinerun.finished.0.2.0';
    expect(mapped(older)[0]).toMatchObject({ kind: 'workflow_run', status: 'failed' });
    expect(mapCdevents(cdeventExample('change_merged'), binary)).toEqual({ ignored: 'change.merged events are not used' });
    expect(() => mapCdevents(cdeventExample('pipelinerun_finished'), { ...binary, 'ce-type': 'dev.cdevents.build.finished.0.3.0' })).toThrow(/ce-type .* differs/);
    expect(() => mapCdevents({ hello: 'world' }, binary)).toThrow('the body is not a CDEvent (context and subject)');
  });
});
