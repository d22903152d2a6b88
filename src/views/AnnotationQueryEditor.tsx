/** Annotations: the query editor, offering only the kinds that list single events. */
import type { QueryEditorProps } from '@grafana/data';
import type { DataSource } from '../data/DataSource';
import { AnnotationKinds, toAnnotationQuery } from '../data/AnnotationSupport';
import type { FlowmeterOptions } from '../types/config';
import type { FlowmeterQuery } from '../types/query';
import { QueryEditor } from './QueryEditor';

export function AnnotationQueryEditor(props: QueryEditorProps<DataSource, FlowmeterQuery, FlowmeterOptions>) {
  return <QueryEditor {...props} query={toAnnotationQuery(props.query)} onChange={(q) => props.onChange(toAnnotationQuery(q))} kinds={AnnotationKinds} fixedOptions={['format']} />;
}
