/**
 * The plugin's DataSource wired as Grafana wires it, over the real test service: Grafana's
 * backend service replaced by the proxy adapter, its template service by fixed variables.
 */
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { DataSource } from '../data/DataSource';
import type { FlowmeterOptions } from '../types/config';
import { proxyBackendSrv, variablesTemplateSrv, type SentRequest } from './grafanaAdapters';
import { READ_TOKEN, testServices } from './flowmeterService';
import { instanceSettings } from './instanceSettings';

export interface RealDataSourceOptions {
  /** Dashboard variables: name -> value, or values when multi. */
  variables?: Record<string, string | string[]>;
  /** The service behind the proxy route; the test service by default. */
  serviceUrl?: string;
  /** The data source's read token; the test service's by default (`null`: none set). */
  readToken?: string | null;
  /** The data source's settings; the URL defaults to serviceUrl. */
  jsonData?: FlowmeterOptions;
  /** Collects what the plugin sent. */
  sent?: SentRequest[];
}

export function realDataSource({ variables = {}, serviceUrl = testServices().url, readToken = READ_TOKEN, jsonData, sent }: RealDataSourceOptions = {}): DataSource {
  setBackendSrv(proxyBackendSrv({ serviceUrl, readToken: readToken ?? undefined }, sent));
  setTemplateSrv(variablesTemplateSrv(variables));
  return new DataSource(instanceSettings({ url: serviceUrl, ...jsonData }));
}
