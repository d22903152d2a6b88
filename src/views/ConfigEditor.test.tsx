/** Settings: the URL in the standard field (migrated from jsonData.url), the read token as a secret, the default zone. */
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConfigEditor } from './ConfigEditor';
import type { FlowmeterOptions, FlowmeterSettings } from '../types/config';

function renderConfig(jsonData: FlowmeterOptions, { url = '', secureJsonFields = {} }: { url?: string; secureJsonFields?: Record<string, boolean> } = {}) {
  const changes: FlowmeterSettings[] = [];
  const initial = { id: 1, uid: 'u', name: 'Flowmeter', type: 'flowmeter-insights-datasource', url, jsonData, secureJsonFields, secureJsonData: {} } as unknown as FlowmeterSettings;
  function Stateful() {
    const [options, setOptions] = useState(initial);
    return <ConfigEditor options={options} onOptionsChange={(next) => { changes.push(next); setOptions(next); }} />;
  }
  render(<Stateful />);
  return { changes, last: () => changes[changes.length - 1] };
}

const urlInput = () => screen.getByLabelText('Data source connection URL');

test('the URL is the standard url field, validated as typed', async () => {
  const { last, changes } = renderConfig({});
  expect(changes).toEqual([]);
  expect(screen.getByText('Please enter a valid URL')).toBeInTheDocument();
  await userEvent.type(urlInput(), 'http://flowmeter:3001');
  expect(last().url).toBe('http://flowmeter:3001');
  expect(last().jsonData).toEqual({});
  expect(screen.queryByText('Please enter a valid URL')).not.toBeInTheDocument();
});

test('settings saved before 0.2: jsonData.url moves to the url field when the page opens', async () => {
  const { changes } = renderConfig({ url: 'http://flowmeter:3001', defaultTimeZone: 'UTC' });
  expect(changes).toHaveLength(1);
  expect(changes[0]).toMatchObject({ url: 'http://flowmeter:3001', jsonData: { defaultTimeZone: 'UTC' } });
  expect(changes[0].jsonData).not.toHaveProperty('url');
  expect(urlInput()).toHaveValue('http://flowmeter:3001');
});

test('the read token goes to secureJsonData; a configured one can only be reset', async () => {
  const { last } = renderConfig({}, { url: 'http://flowmeter:3001', secureJsonFields: { readToken: true } });
  const token = screen.getByLabelText(/^Read token/);
  expect(token).toBeDisabled();
  expect(token).toHaveValue('configured');
  await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
  expect(last().secureJsonFields.readToken).toBe(false);
  await userEvent.type(screen.getByLabelText(/^Read token/), 's3cret');
  expect(last().secureJsonData).toEqual({ readToken: 's3cret' });
  expect(last().jsonData).toEqual({});
  expect(last().url).toBe('http://flowmeter:3001');
});

test('the default time zone: any IANA zone, or the browser\'s', async () => {
  const { last } = renderConfig({}, { url: 'http://flowmeter:3001' });
  await userEvent.type(screen.getByLabelText(/^Default time zone/), 'Europe/Ber');
  await userEvent.click(await screen.findByRole('option', { name: 'Europe/Berlin' }));
  expect(last().jsonData.defaultTimeZone).toBe('Europe/Berlin');
});
