/** The annotation editor: only the kinds that list single events; deploys and releases as events. */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';
import { renderEditor } from '../test/renderEditor';
import type { FlowmeterQuery } from '../types/query';

test('offers deploys, releases and rollbacks; a deploy annotation queries deploy events', async () => {
  const { last } = renderEditor(AnnotationQueryEditor as never, { refId: 'Anno', kind: 'rollback' } as FlowmeterQuery);
  expect(screen.getByLabelText('Kind')).toHaveValue('Rollbacks');
  await userEvent.click(screen.getByLabelText('Kind'));
  expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual([
    expect.stringMatching(/^Deploys/), expect.stringMatching(/^Releases/), expect.stringMatching(/^Rollbacks/),
  ]);
  await userEvent.click(screen.getByRole('option', { name: /^Deploys/ }));
  expect(last()).toEqual({ refId: 'Anno', kind: 'deploy', projects: [], format: 'events' });
  // Annotations are always single events: no format switch to offer.
  expect(screen.queryByRole('radio', { name: 'Events' })).not.toBeInTheDocument();
});
