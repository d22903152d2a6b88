/**
 * The Flowmeter data source: a DataSourceWithBackend. Typed queries (contract/query.ts) go
 * through Grafana's /api/ds/query to the plugin's backend (pkg/), which asks the service and
 * answers frames; "Save & test" is the backend's CheckHealth; lookups for editors, variables and
 * ad-hoc filters are the backend's `lookup/<name>` resources. Template variables, ad-hoc filters
 * and the zone are resolved here, so the backend gets complete queries.
 */
import type { Observable } from 'rxjs';
import {
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
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import type { FlowmeterOptions } from '../types/config';
import { AdhocKeys, DEFAULT_QUERY, queryDisplayText, withDefaults, type AdhocKey, type FlowmeterQuery, type Lookup } from '../types/query';
import { AnnotationSupport } from './AnnotationSupport';
import { toTestResult } from './health';
import { interpolateList, interpolateOptions } from './interpolate';
import { resolveTimeZone } from './timeZone';
import { VariableSupport } from './VariableSupport';

/** Grafana's own fields on a saved query: sent as they are, never interpolated. */
const ENVELOPE = ['refId', 'kind', 'hide', 'datasource', 'key', 'queryType', 'adhocFilters', 'timezone'];

/** The lookup listing each ad-hoc filter key's values. */
const ADHOC_LOOKUPS: Record<AdhocKey, Lookup> = { project: 'projects', service: 'services', env: 'environments' };
const isAdhocKey = (key: string): key is AdhocKey => (AdhocKeys as readonly string[]).includes(key);

export class DataSource extends DataSourceWithBackend<FlowmeterQuery, FlowmeterOptions> {
  constructor(readonly instanceSettings: DataSourceInstanceSettings<FlowmeterOptions>) {
    super(instanceSettings);
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

  /**
   * DataSourceWithBackend's query (it calls applyTemplateVariables per target) of the visible
   * targets (none: nothing is requested), each carrying the zone that defines "a day": /api/ds/query has no zone of its own, so the
   * backend reads it from the query's JSON.
   */
  query(request: DataQueryRequest<FlowmeterQuery>): Observable<DataQueryResponse> {
    const timezone = resolveTimeZone(request.timezone, this.instanceSettings.jsonData.defaultTimeZone);
    const targets = request.targets.filter((q) => this.filterQuery(q)).map((q) => ({ ...q, timezone }));
    return super.query({ ...request, targets });
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

  /**
   * "Save & test": the backend's CheckHealth (DataSourceWithBackend.callHealthCheck, through
   * /api/datasources/uid/<uid>/health) as a result, with its details; explained when no backend answered.
   */
  async testDatasource(): Promise<TestDataSourceResponse> {
    return toTestResult(await this.callHealthCheck());
  }

  /**
   * Values of a lookup; filter values may hold $variables (multi-values become repeated filters).
   * With a range, only values of events in it (the dashboard's range, for variables and editors).
   */
  async lookup(name: Lookup, filters: Record<string, string | undefined> = {}, scopedVars?: ScopedVars, range?: TimeRange): Promise<string[]> {
    const params: Record<string, string | string[]> = Object.fromEntries(
      Object.entries(filters).map(([key, value]) => [key, value ? interpolateList(getTemplateSrv(), [value], scopedVars) : []]),
    );
    if (range) Object.assign(params, { from: String(range.from.valueOf()), to: String(range.to.valueOf()) });
    const { values } = await this.getResource<{ values: string[] }>(`lookup/${name}`, params, { showErrorAlert: false });
    return values;
  }

  /** The dashboard's variables as `$name`, offered first in every lookup input. */
  variableNames(): string[] {
    return getTemplateSrv().getVariables().map((v) => `$${v.name}`);
  }
}
