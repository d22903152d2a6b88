/** An editor row: label, control, and the validation message for that option (if any). */
import type { ReactElement } from 'react';
import { InlineField } from '@grafana/ui';
import type { Issue } from '../types/query';

interface Props {
  label: string;
  tooltip?: string;
  /** The option's name, to find its issue. */
  name: string;
  issues: readonly Issue[];
  children: ReactElement;
  labelWidth?: number;
}

export function OptionField({ label, tooltip, name, issues, children, labelWidth = 16 }: Props) {
  const issue = issues.find((i) => i.path === name);
  return (
    <InlineField label={label} tooltip={tooltip} labelWidth={labelWidth} invalid={!!issue} error={issue?.message} htmlFor={`flowmeter-${name}`}>
      {children}
    </InlineField>
  );
}
