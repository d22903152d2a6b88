/**
 * An option of a query: label (with its tooltip) above the control, and the validation message
 * for that option (if any): @grafana/plugin-ui's EditorField, as Grafana's own query editors
 * (and clickhouse-datasource) lay their options out.
 */
import type { ReactElement } from 'react';
import { EditorField } from '@grafana/plugin-ui';
import type { Issue } from '../types/query';

interface Props {
  label: string;
  tooltip?: string;
  /** The option's name, to find its issue. */
  name: string;
  issues: readonly Issue[];
  children: ReactElement;
  /** Minimum width in grid units (8 px). */
  width?: number;
}

export function OptionField({ label, tooltip, name, issues, children, width }: Props) {
  const issue = issues.find((i) => i.path === name);
  return (
    <EditorField label={label} tooltip={tooltip} width={width} invalid={!!issue} error={issue?.message} htmlFor={`flowmeter-${name}`}>
      {children}
    </EditorField>
  );
}
