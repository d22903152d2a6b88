/**
 * CDEvents over CloudEvents HTTP (structured or binary mode), authenticated by an ingest token
 * (Authorization: Bearer, as POST /api/v1/events): on as soon as ingest tokens are configured.
 */
import { requireScope } from '../../http/auth';
import type { Receiver } from '../receiver';
import { mapCdevents } from './map';

export const cdeventsReceiver: Receiver = {
  name: 'cdevents',
  summary: 'CDEvents over CloudEvents HTTP, structured or binary mode (ingest token)',
  enabled: (config) => (config.ingestTokens.length ? { on: true } : { on: false, why: 'FLOWMETER_INGEST_TOKENS is not set' }),
  authenticate: (config) => requireScope(config, 'ingest'),
  map: mapCdevents,
};
