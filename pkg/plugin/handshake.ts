/**
 * go-plugin's side of the handshake (hashicorp/go-plugin server.go, docs/internals.md): the host
 * sets its magic cookie and the app protocol versions it speaks; the plugin answers with one
 * line on stdout, `CORE|APP|NETWORK|ADDRESS|PROTOCOL`, which must be the first thing written there.
 */
export const CORE_PROTOCOL = 1;
/** grafana-plugin-sdk-go's plugin protocol version (Grafana's host offers 2). */
export const APP_PROTOCOL = 2;
/** Grafana's handshake cookie (grafana-plugin-sdk-go backend/grpcplugin: `grafana_plugin_type`). */
export const MAGIC_COOKIE_KEY = 'grafana_plugin_type';
export const MAGIC_COOKIE_VALUE = 'datasource';

export class HandshakeError extends Error {}

/** Throws unless started by a plugin host that speaks our protocol; the port range to listen in. */
export function checkHost(env: NodeJS.ProcessEnv): { minPort: number; maxPort: number } {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeError('This binary is a plugin. These are not meant to be executed directly. '
      + 'Please execute the program that consumes these plugins, which will load any plugins automatically');
  }
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? String(APP_PROTOCOL)).split(',').map((v) => Number(v.trim()));
  if (!offered.includes(APP_PROTOCOL)) {
    throw new HandshakeError(`the host offers plugin protocol versions ${env.PLUGIN_PROTOCOL_VERSIONS}; this plugin speaks ${APP_PROTOCOL}`);
  }
  const minPort = Number(env.PLUGIN_MIN_PORT || 0);
  const maxPort = Number(env.PLUGIN_MAX_PORT || 0);
  return { minPort, maxPort: maxPort >= minPort ? maxPort : minPort };
}

export const handshakeLine = (address: string) => `${CORE_PROTOCOL}|${APP_PROTOCOL}|tcp|${address}|grpc\n`;
