/**
 * The Flowmeter data source: typed queries (contract/query.ts) posted to the service's
 * /api/v1/query through Grafana's proxy, frames back; lookups for editors and variables.
 */
import { from, map, of, type Observable } from 'rxjs';
import {
  DataSourceApi,
  type AdHocVariableFilter,
  type DataSourceGetTagValuesOptions,
  type MetricFindValue,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type ScopedVars,
  type TestDataSourceResponse,
  type TimeRange,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { serviceBaseUrl, type FlowmeterOptions } from '../types/config';
import { AdhocKeys, DEFAULT_QUERY, queryDisplayText, withDefaults, type AdhocKey, type FlowmeterQuery, type Lookup } from '../types/query';
import { AnnotationSupport } from './AnnotationSupport';
import { checkConnection } from './connectionCheck';
import { toQueryResponse, type QueryAnswer } from './frames';
import { interpolateList, interpolateOptions } from './interpolate';
import { ServiceClient, type QueryParams } from './ServiceClient';
import { resolveTimeZone } from './timeZone';
import { VariableSupport } from './VariableSupport';

/** Grafana's own fields on a saved query: sent as they are, never interpolated. */
const ENVELOPE = ['refId', 'kind', 'hide', 'datasource', 'key', 'queryType', 'adhocFilters'];

/** The lookup listing each ad-hoc filter key's values. */
const ADHOC_LOOKUPS: Record<AdhocKey, Lookup> = { project: 'projects', service: 'services', env: 'environments' };
const isAdhocKey = (key: string): key is AdhocKey => (AdhocKeys as readonly string[]).includes(key);

export class DataSource extends DataSourceApi<FlowmeterQuery, FlowmeterOptions> {
  readonly client: ServiceClient;

  constructor(readonly instanceSettings: DataSourceInstanceSettings<FlowmeterOptions>) {
    super(instanceSettings);
    this.client = new ServiceClient(serviceBaseUrl(instanceSettings.url, instanceSettings.jsonData));
    this.variables = new VariableSupport(this);
    this.annotations = AnnotationSupport;
  }

  getDefaultQuery(): Partial<FlowmeterQuery> {
    return DEFAULT_QUERY;
  }

  /** Explore's query history and the query inspector show a query as this line. */
  getQueryDisplayText(query: FlowmeterQuery): string {
    return queryDisplayText(query);
  }

  filterQuery(query: FlowmeterQuery): boolean {
    return !query.hide;
  }

  query(request: DataQueryRequest<FlowmeterQuery>): Observable<DataQueryResponse> {
    const queries = request.targets.filter((q) => this.filterQuery(q)).map((q) => this.applyTemplateVariables(q, request.scopedVars, request.filters));
    if (!queries.length) return of({ data: [] });
    const body = {
      queries,
      range: { from: request.range.from.valueOf(), to: request.range.to.valueOf() },
      timezone: resolveTimeZone(request.timezone, this.instanceSettings.jsonData.defaultTimeZone),
    };
    return from(this.client.post<QueryAnswer>('/api/v1/query', body, request.requestId)).pipe(map(toQueryResponse));
  }

  /**
   * The query as the service gets it: defaults applied, template variables replaced, and the
   * dashboard's ad-hoc filters (Grafana passes them per request) carried for the service to apply.
   */
  applyTemplateVariables(query: FlowmeterQuery, scopedVars: ScopedVars = {}, filters: AdHocVariableFilter[] = []): FlowmeterQuery {
    const interpolated = interpolateOptions(getTemplateSrv(), withDefaults(query), scopedVars, ENVELOPE);
    const adhocFilters = filters.map(({ key, operator, value }) => ({ key, operator, value }));
    return (adhocFilters.length ? { ...interpolated, adhocFilters } : interpolated) as FlowmeterQuery;
  }

  interpolateVariablesInQueries(queries: FlowmeterQuery[], scopedVars: ScopedVars, filters?: AdHocVariableFilter[]): FlowmeterQuery[] {
    return queries.map((q) => ({ ...this.applyTemplateVariables(q, scopedVars, filters), datasource: this.getRef() }));
  }

  /** Ad-hoc filter keys: the event tags the service narrows queries by. */
  async getTagKeys(): Promise<MetricFindValue[]> {
    return AdhocKeys.map((text) => ({ text }));
  }

  /**
   * Values of an ad-hoc filter key in the dashboard's range; services and environments narrowed
   * by a `project =` filter already set.
   */
  async getTagValues(options: DataSourceGetTagValuesOptions<FlowmeterQuery>): Promise<MetricFindValue[]> {
    if (!isAdhocKey(options.key)) return [];
    const project = options.key === 'project' ? undefined : options.filters.find((f) => f.key === 'project' && f.operator === '=')?.value;
    const values = await this.lookup(ADHOC_LOOKUPS[options.key], project ? { project } : {}, undefined, options.timeRange);
    return values.map((text) => ({ text }));
  }

  testDatasource(): Promise<TestDataSourceResponse> {
    return checkConnection(this.client);
  }

  /**
   * Values of a lookup; filter values may hold $variables (multi-values become repeated filters).
   * With a range, only values of events in it (the dashboard's range, for variables and editors).
   */
  async lookup(name: Lookup, filters: Record<string, string | undefined> = {}, scopedVars?: ScopedVars, range?: TimeRange): Promise<string[]> {
    const params: QueryParams = Object.fromEntries(
      Object.entries(filters).map(([key, value]) => [key, value ? interpolateList(getTemplateSrv(), [value], scopedVars) : []]),
    );
    if (range) Object.assign(params, { from: String(range.from.valueOf()), to: String(range.to.valueOf()) });
    const { values } = await this.client.get<{ values: string[] }>(`/api/v1/lookup/${name}`, params);
    return values;
  }

  /** The dashboard's variables as `$name`, offered first in every lookup input. */
  variableNames(): string[] {
    return getTemplateSrv().getVariables().map((v) => `$${v.name}`);
  }
}
