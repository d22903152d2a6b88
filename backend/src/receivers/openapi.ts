/** The receivers' paths for the OpenAPI document (README "Receivers" has the mapping tables). */
import { receivers, WEBHOOKS_PATH } from './route';

export function webhookPaths(): Record<string, Record<string, object>> {
  return Object.fromEntries(receivers.map((receiver) => [`${WEBHOOKS_PATH}/${receiver.name}`, {
    post: {
      summary: receiver.summary,
      tags: ['webhooks'],
      security: receiver.authenticate ? [{ bearer: [] }] : [],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'the sender\'s own payload' } } } },
      responses: {
        200: { description: 'Mapped events durably stored: {accepted}' },
        202: { description: 'Verified but not mapped: {ignored: "<why>"}' },
        400: { description: 'Malformed JSON, or a payload not as the sender documents it' },
        401: { description: 'Signature or token missing or wrong; nothing stored' },
        404: { description: 'Receiver off: its secret is not configured' },
        413: { description: 'Body over FLOWMETER_MAX_BODY' },
        503: { description: 'The store did not take the events in time; the sender retries (Retry-After)' },
      },
    },
  }]));
}
