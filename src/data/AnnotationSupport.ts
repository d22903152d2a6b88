/**
 * Annotations: deploys, releases (one row per event: `format: 'events'`) and rollbacks. Their
 * frames carry time, title, text and tags, which Grafana maps to annotations as they are.
 */
import type { AnnotationQuery, AnnotationSupport as GrafanaAnnotationSupport } from '@grafana/data';
import { AnnotationQueryEditor } from '../views/AnnotationQueryEditor';
import { withDefaults, type FlowmeterQuery, type QueryKind } from '../types/query';

export const AnnotationKinds = ['deploy', 'release', 'rollback'] as const satisfies readonly QueryKind[];
export type AnnotationKind = (typeof AnnotationKinds)[number];
const isAnnotationKind = (kind: unknown): kind is AnnotationKind => AnnotationKinds.includes(kind as AnnotationKind);

/** The query an annotation runs: an annotation kind, deploys and releases as single events. */
export function toAnnotationQuery(target: Partial<FlowmeterQuery> | undefined): FlowmeterQuery {
  const query = withDefaults({ refId: 'Anno', ...target, kind: isAnnotationKind(target?.kind) ? target.kind : 'rollback' });
  return query.kind === 'deploy' || query.kind === 'release' ? { ...query, format: 'events' } : query;
}

export const AnnotationSupport: GrafanaAnnotationSupport<FlowmeterQuery> = {
  getDefaultQuery: () => ({ kind: 'rollback' }),
  prepareAnnotation(json: AnnotationQuery<FlowmeterQuery>) {
    return { ...json, target: toAnnotationQuery(json.target) };
  },
  prepareQuery: (annotation) => toAnnotationQuery(annotation.target),
  QueryEditor: AnnotationQueryEditor,
};
