/** Keeps a failing editor from taking the panel editor down with it; offers a retry. */
import type { ReactNode } from 'react';
import { ErrorBoundaryAlert } from '@grafana/ui';

export function EditorErrorBoundary({ children }: { children: ReactNode }) {
  return <ErrorBoundaryAlert title="The Flowmeter editor failed" style="alertbox">{children}</ErrorBoundaryAlert>;
}
