import { EditorRow } from '@grafana/plugin-ui';
import { RadioButtonGroup } from '@grafana/ui';
import { Cycles } from '../types/query';
import { LookupCombobox } from '../components/LookupCombobox';
import { OptionField } from '../components/OptionField';
import { TextOption } from '../components/TextOption';
import type { KindEditorProps } from './types';

const cycleOptions = [{ value: '', label: 'Auto' }, ...Cycles.map((value) => ({ value, label: value.toLowerCase() }))];

/** ROMA API statistics: a project and instance, optionally one API or app, and a bucket size. */
export function ApiMetricsEditor({ query, onChange, datasource, issues }: KindEditorProps<'api_metrics'>) {
  const invalid = (name: string) => issues.some((i) => i.path === name);
  return (
    <EditorRow>
      <OptionField label="Project ID" name="projectId" issues={issues}>
        <TextOption id="flowmeter-projectId" value={query.projectId} invalid={invalid('projectId')} placeholder="required" onChange={(projectId) => onChange({ ...query, projectId: projectId ?? '' })} />
      </OptionField>
      <OptionField label="Instance ID" name="instanceId" issues={issues}>
        <TextOption id="flowmeter-instanceId" value={query.instanceId} invalid={invalid('instanceId')} placeholder="required" onChange={(instanceId) => onChange({ ...query, instanceId: instanceId ?? '' })} />
      </OptionField>
      <OptionField label="API" name="apiId" issues={issues}>
        <LookupCombobox id="flowmeter-apiId" datasource={datasource} lookup="apis" filters={{ project_id: query.projectId, instance_id: query.instanceId }} value={query.apiId} onChange={(apiId) => onChange({ ...query, apiId })} />
      </OptionField>
      <OptionField label="App ID" name="appId" issues={issues}>
        <TextOption id="flowmeter-appId" value={query.appId} placeholder="any" onChange={(appId) => onChange({ ...query, appId })} />
      </OptionField>
      <OptionField label="Cycle" name="cycle" issues={issues} tooltip="Auto: minutes up to 3 hours, hours up to 3 days, else days">
        <RadioButtonGroup options={cycleOptions} value={query.cycle ?? ''} onChange={(cycle) => onChange({ ...query, cycle: cycle ? (cycle as typeof query.cycle) : undefined })} />
      </OptionField>
    </EditorRow>
  );
}
