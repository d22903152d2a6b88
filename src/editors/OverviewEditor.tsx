import { Text } from '@grafana/ui';
import type { KindEditorProps } from './types';

/** Overview takes no options: counts over every event stored. */
export function OverviewEditor(_props: KindEditorProps<'overview'>) {
  return <Text color="secondary">Distinct projects, clusters, services, workflows, environments and artifacts, over all events.</Text>;
}
