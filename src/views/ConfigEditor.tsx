/** Data source settings: the service's URL, its read token (encrypted, reset-able) and a default zone. */
import type { ChangeEvent } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Combobox, Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import { knownTimeZones } from '../data/timeZone';
import type { FlowmeterOptions, FlowmeterSecureOptions } from '../types/config';

type Props = DataSourcePluginOptionsEditorProps<FlowmeterOptions, FlowmeterSecureOptions>;

/** An http(s) URL, or why not. */
export function urlProblem(url: string | undefined): string | undefined {
  if (!url) return 'Required: the Flowmeter service, e.g. http://flowmeter:3001';
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? undefined : 'Use an http:// or https:// URL';
  } catch {
    return 'Not a URL: e.g. http://flowmeter:3001';
  }
}

const zoneOptions = [{ value: '', label: 'Browser time', description: 'The viewer\'s own zone' }, ...knownTimeZones().map((zone) => ({ value: zone, label: zone }))];

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields } = options;
  const setJsonData = (patch: Partial<FlowmeterOptions>) => onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const problem = urlProblem(jsonData.url);
  return (
    <>
      <FieldSet label="Flowmeter service">
        <Field label="URL" description="Reached by the Grafana server (its data-source proxy), not by the browser" invalid={!!problem} error={problem}>
          <Input id="flowmeter-url" width={48} value={jsonData.url ?? ''} placeholder="http://flowmeter:3001" onChange={(e: ChangeEvent<HTMLInputElement>) => setJsonData({ url: e.currentTarget.value.trim() })} />
        </Field>
        <Field label="Read token" description="One of the service's FLOWMETER_READ_TOKENS; stored encrypted, sent only by Grafana's proxy. Leave empty if the service has no tokens.">
          <SecretInput
            id="flowmeter-readToken"
            width={48}
            isConfigured={Boolean(secureJsonFields?.readToken)}
            value={options.secureJsonData?.readToken ?? ''}
            placeholder="read token"
            onChange={(e: ChangeEvent<HTMLInputElement>) => onOptionsChange({ ...options, secureJsonData: { ...options.secureJsonData, readToken: e.currentTarget.value } })}
            onReset={() => onOptionsChange({
              ...options,
              secureJsonFields: { ...secureJsonFields, readToken: false },
              secureJsonData: { ...options.secureJsonData, readToken: '' },
            })}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Queries">
        <Field label="Default time zone" description="Defines “a day” for daily statistics when a dashboard uses its default zone">
          <Combobox<string> id="flowmeter-defaultTimeZone" width={48} options={zoneOptions} value={jsonData.defaultTimeZone ?? ''} onChange={(option) => setJsonData({ defaultTimeZone: option.value || undefined })} />
        </Field>
      </FieldSet>
    </>
  );
}
