/**
 * Data source settings, laid out like Grafana's own data sources (@grafana/plugin-ui's config
 * sections): the service URL in the standard `url` field, the read token encrypted in
 * secureJsonData (reset-able), and a default zone. Settings saved before 0.2 (URL in jsonData.url)
 * are moved to `url` when the page opens; "Save & test" stores them so.
 */
import { useEffect, type ChangeEvent } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { ConfigSection, ConnectionSettings } from '@grafana/plugin-ui';
import { Combobox, Divider, Field, SecretInput } from '@grafana/ui';
import { knownTimeZones } from '../data/timeZone';
import { migrateSettings, type FlowmeterOptions, type FlowmeterSecureOptions } from '../types/config';

type Props = DataSourcePluginOptionsEditorProps<FlowmeterOptions, FlowmeterSecureOptions>;

const zoneOptions = [{ value: '', label: 'Browser time', description: 'The viewer\'s own zone' }, ...knownTimeZones().map((zone) => ({ value: zone, label: zone }))];

export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields } = options;
  const legacyUrl = jsonData.url;
  useEffect(() => {
    if (legacyUrl !== undefined) onOptionsChange(migrateSettings(options));
  }, [legacyUrl]); // eslint-disable-line react-hooks/exhaustive-deps -- once per legacy URL; options change with every keystroke
  const setJsonData = (patch: Partial<FlowmeterOptions>) => onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  return (
    <>
      <ConnectionSettings
        config={options}
        onChange={onOptionsChange}
        urlPlaceholder="http://flowmeter:3001"
        urlTooltip="The Flowmeter service's root URL, reached by the plugin's backend on the Grafana server, not by the browser"
        description="The Flowmeter service this data source reads statistics from."
      />
      <Divider />
      <ConfigSection title="Authentication" description="Only the plugin's backend, on the Grafana server, sends the token to the service; it never reaches the browser.">
        <Field label="Read token" description="One of the service's FLOWMETER_READ_TOKENS, stored encrypted. Leave empty if the service has no tokens.">
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
      </ConfigSection>
      <Divider />
      <ConfigSection title="Queries">
        <Field label="Default time zone" description="Defines “a day” for daily statistics when a dashboard uses its default zone">
          <Combobox<string> id="flowmeter-defaultTimeZone" width={48} options={zoneOptions} value={jsonData.defaultTimeZone ?? ''} onChange={(option) => setJsonData({ defaultTimeZone: option.value || undefined })} />
        </Field>
      </ConfigSection>
    </>
  );
}
