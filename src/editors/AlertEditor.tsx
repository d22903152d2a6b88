import { EditorRow } from '@grafana/plugin-ui';
import { RadioButtonGroup } from '@grafana/ui';
import { AlertMetrics, type AlertMetric } from '../../contract/query';
import { LookupCombobox } from '../components/LookupCombobox';
import { OptionField } from '../components/OptionField';
import type { KindEditorProps } from './types';

const labels: Record<AlertMetric, string> = {
  build_failures: 'Build failures',
  failed_prod_deploys: 'Failed production deploys',
  api_5xx_ratio: 'API 5xx ratio',
  change_failure_rate: 'Change failure rate',
};
const metricOptions = AlertMetrics.map((value) => ({ value, label: labels[value] }));

/** Alert metrics: which number, per project (or API instance), over the rule's time range. */
export function AlertEditor({ query, onChange, datasource, issues }: KindEditorProps<'alert'>) {
  return (
    <EditorRow>
      <OptionField label="Metric" name="metric" issues={issues}>
        <RadioButtonGroup id="flowmeter-metric" options={metricOptions} value={query.metric} onChange={(metric) => onChange({ ...query, metric })} />
      </OptionField>
      {query.metric === 'change_failure_rate' && (
        <OptionField label="Environment" name="env" issues={issues} tooltip="The deploys' environment that counts as production">
          <LookupCombobox id="flowmeter-env" datasource={datasource} lookup="environments" value={query.env ?? 'prod'} onChange={(env) => onChange({ ...query, env: env ?? 'prod' })} />
        </OptionField>
      )}
    </EditorRow>
  );
}
