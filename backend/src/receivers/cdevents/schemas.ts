/**
 * The CDEvents JSON schemas (schemas/, copied from the specification) of the types the receiver
 * maps, compiled once. An event is checked against the schema of its subject and predicate;
 * another version of a mapped type is checked as the bundled version (README "CDEvents").
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import pipelinerunFinished from './schemas/pipelinerunfinished.json';
import taskrunFinished from './schemas/taskrunfinished.json';
import buildFinished from './schemas/buildfinished.json';
import testsuiterunFinished from './schemas/testsuiterunfinished.json';
import serviceDeployed from './schemas/servicedeployed.json';
import serviceUpgraded from './schemas/serviceupgraded.json';
import serviceRolledback from './schemas/servicerolledback.json';
import incidentDetected from './schemas/incidentdetected.json';
import incidentResolved from './schemas/incidentresolved.json';
import embeddedLinksArray from './schemas/links/embeddedlinksarray.json';
import embeddedLinkEnd from './schemas/links/embeddedlinkend.json';
import embeddedLinkPath from './schemas/links/embeddedlinkpath.json';
import embeddedLinkRelation from './schemas/links/embeddedlinkrelation.json';
import domainId from './schemas/links/domainid.json';

/** subject.predicate -> its schema. */
const SCHEMAS = {
  'pipelinerun.finished': pipelinerunFinished, 'taskrun.finished': taskrunFinished, 'build.finished': buildFinished,
  'testsuiterun.finished': testsuiterunFinished, 'service.deployed': serviceDeployed, 'service.upgraded': serviceUpgraded,
  'service.rolledback': serviceRolledback, 'incident.detected': incidentDetected, 'incident.resolved': incidentResolved,
} as const;

export type MappedType = keyof typeof SCHEMAS;

const ajv = new Ajv2020({ allErrors: false, strict: false });
addFormats(ajv);
for (const schema of [embeddedLinksArray, embeddedLinkEnd, embeddedLinkPath, embeddedLinkRelation, domainId]) ajv.addSchema(schema);

const validators = new Map<string, { validate: ValidateFunction; type: string }>(Object.entries(SCHEMAS).map(([name, schema]) => [
  name, { validate: ajv.compile(schema), type: (schema.properties.context.properties.type as { enum: string[] }).enum[0] },
]));

/** `dev.cdevents.<subject>.<predicate>.<version>` -> its parts. */
export function parseType(type: string): { name: string; version: string } | undefined {
  const m = /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+\.\d+\.\d+(?:-[\w.]+)?)$/.exec(type);
  return m ? { name: `${m[1]}.${m[2]}`, version: m[3] } : undefined;
}

export const isMapped = (name: string): name is MappedType => validators.has(name);

/** Why the event does not conform to the schema of its type, or undefined when it does. */
export function schemaProblem(name: MappedType, event: { context: { type: string } }): string | undefined {
  const { validate, type } = validators.get(name)!;
  const checked = event.context.type === type ? event : { ...event, context: { ...event.context, type } };
  if (validate(checked)) return undefined;
  const error = validate.errors![0];
  return `${error.instancePath || '(event)'} ${error.message}`;
}
