/** What every handler gets: the data-source instance of the call, a client for it, the logger. */
import { FlowmeterClient } from '../flowmeter/client';
import { settingsFrom, type FlowmeterSettings, type InstanceSettingsMessage } from '../flowmeter/settings';
import type { Logger } from '../plugin/log';

export interface PluginContextMessage {
  orgId?: number;
  pluginId?: string;
  user?: { login?: string } | null;
  dataSourceInstanceSettings?: InstanceSettingsMessage | null;
}

export interface CallContext {
  settings: FlowmeterSettings;
  client: FlowmeterClient;
  log: Logger;
  /** Who asked: a user's login, or `alerting` for rule evaluations (they carry no user). */
  caller: string;
}

export function callContext(pluginContext: PluginContextMessage | null | undefined, headers: Record<string, string> | undefined, log: Logger): CallContext {
  const settings = settingsFrom(pluginContext?.dataSourceInstanceSettings);
  const fromAlert = Object.entries(headers ?? {}).some(([k, v]) => k.toLowerCase() === 'fromalert' && v === 'true');
  return { settings, client: new FlowmeterClient(settings), log, caller: fromAlert ? 'alerting' : pluginContext?.user?.login || 'unknown' };
}
