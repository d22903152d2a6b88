/** Annotations: deploys, releases and rollbacks as single events, run against the real service. */
import { lastValueFrom } from 'rxjs';
import type { AnnotationQuery, DataFrame } from '@grafana/data';
import type { DataSource } from './DataSource';
import { toAnnotationQuery } from './AnnotationSupport';
import { realDataSource } from '../test/realDataSource';
import { queryRequest } from '../test/request';
import { WEEK } from '../test/dataset';
import type { FlowmeterQuery } from '../types/query';

let datasource: DataSource;

beforeEach(() => {
  datasource = realDataSource({ variables: { project: 'payments' } });
});

/** What Grafana does with an annotation: prepareAnnotation on load, prepareQuery, then query(). */
async function annotationFrame(target: Partial<FlowmeterQuery> | undefined): Promise<DataFrame> {
  const support = datasource.annotations!;
  const annotation = support.prepareAnnotation!({ name: 'a', enable: true, iconColor: 'red', target } as AnnotationQuery<FlowmeterQuery>);
  const query = support.prepareQuery!(annotation)!;
  const response = await lastValueFrom(datasource.query(queryRequest([query], WEEK)));
  expect(response.errors).toBeUndefined();
  return (response.data as DataFrame[])[0];
}

const values = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name)?.values;

test('the kinds offered: deploys and releases become their events; anything else becomes rollbacks', () => {
  expect(toAnnotationQuery({ kind: 'deploy', projects: ['a'] })).toMatchObject({ kind: 'deploy', projects: ['a'], format: 'events' });
  expect(toAnnotationQuery({ kind: 'release' })).toMatchObject({ kind: 'release', format: 'events' });
  expect(toAnnotationQuery({ kind: 'build' })).toMatchObject({ kind: 'rollback' });
  expect(toAnnotationQuery(undefined)).toMatchObject({ kind: 'rollback', refId: 'Anno' });
});

test('rollbacks: time, title, text and tags per rollback, filtered by a $variable', async () => {
  const frame = await annotationFrame({ refId: 'Anno', kind: 'rollback', project: '$project' });
  expect(values(frame, 'time')).toEqual([Date.parse('2026-11-19T11:00:00Z')]);
  expect(values(frame, 'title')).toEqual(['Rollback of api in prod']);
  expect(values(frame, 'text')).toEqual(['payments: api rolled back in prod (production)']);
  expect(values(frame, 'tags')).toEqual([['rollback', 'payments', 'prod', 'api']]);
});

test('deploys: one annotation per deploy, newest first', async () => {
  const frame = await annotationFrame({ refId: 'Anno', kind: 'deploy' });
  expect(values(frame, 'time')).toEqual([Date.parse('2026-11-20T09:00:00Z'), Date.parse('2026-11-18T14:00:00Z')]);
  expect(values(frame, 'title')).toEqual(['Deploy of search indexer to staging: failure', 'Deploy of payments api to prod: success']);
  expect(values(frame, 'tags')?.[1]).toEqual(['deploy', 'payments', 'success', 'prod', 'api']);
});

test('releases: the release of the week', async () => {
  const frame = await annotationFrame({ refId: 'Anno', kind: 'release', projects: ['$project'] });
  expect(values(frame, 'title')).toEqual(['Release of payments to prod: success']);
});
