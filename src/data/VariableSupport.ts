/**
 * Template variables: the values of one lookup (projects, services...), narrowed by filters, of
 * events in the dashboard's range (refreshed on time range change, the stack's variables follow it).
 */
import { from, map, type Observable } from 'rxjs';
import { CustomVariableSupport, createDataFrame, FieldType, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { VariableQueryEditor } from '../views/VariableQueryEditor';
import { DEFAULT_VARIABLE_QUERY, filtersFor, type VariableQuery } from '../types/variable';
import type { DataSource } from './DataSource';

export class VariableSupport extends CustomVariableSupport<DataSource, VariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  getDefaultQuery(): Partial<VariableQuery> {
    return DEFAULT_VARIABLE_QUERY;
  }

  query(request: DataQueryRequest<VariableQuery>): Observable<DataQueryResponse> {
    const query = { ...DEFAULT_VARIABLE_QUERY, ...request.targets[0] };
    return from(this.datasource.lookup(query.lookup, filtersFor(query.lookup, query.filters), request.scopedVars, request.range)).pipe(
      map((values) => ({
        data: [createDataFrame({
          refId: query.refId,
          fields: [
            { name: 'text', type: FieldType.string, values },
            { name: 'value', type: FieldType.string, values },
          ],
        })],
      })),
    );
  }
}
