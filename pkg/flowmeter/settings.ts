/**
 * The data-source instance Grafana passes in each call's plugin context: where the Flowmeter
 * service is and the read token to use. The URL is the standard `url` setting, or, as saved by
 * earlier versions of the plugin's config editor, `jsonData.url`.
 */
export interface InstanceSettingsMessage {
  uid?: string;
  name?: string;
  url?: string;
  jsonData?: Buffer | Uint8Array;
  decryptedSecureJsonData?: Record<string, string>;
}

export interface FlowmeterSettings {
  /** The service's root URL, without a trailing slash; '' when unset. */
  url: string;
  /** The read token (never logged); '' for a service without tokens. */
  readToken: string;
  /** The zone that defines "a day" when a query names none; undefined: the service's own. */
  defaultTimeZone?: string;
}

export function settingsFrom(message: InstanceSettingsMessage | null | undefined): FlowmeterSettings {
  const jsonData = parseJsonData(message?.jsonData);
  const url = (message?.url || (typeof jsonData.url === 'string' ? jsonData.url : '')).trim().replace(/\/+$/, '');
  return {
    url,
    readToken: message?.decryptedSecureJsonData?.readToken ?? '',
    defaultTimeZone: typeof jsonData.defaultTimeZone === 'string' && jsonData.defaultTimeZone ? jsonData.defaultTimeZone : undefined,
  };
}

function parseJsonData(bytes: Buffer | Uint8Array | undefined): Record<string, unknown> {
  if (!bytes || !bytes.length) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
