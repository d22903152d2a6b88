/**
 * Decoding an answer as a typed client generated from a vendor's OpenAPI document would: the
 * subset of JSON Schema those documents use (types, required, enum, nullable / x-nullable,
 * minimum, items, formats date-time and uuid). `strict` also reports properties the schema does
 * not name, since Flowmeter promises the documented fields exactly.
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  nullable?: boolean;
  'x-nullable'?: boolean;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every mismatch, as `$.path: message`; empty when the value decodes. */
export function schemaErrors(schema: Schema, value: unknown, options: { strict?: boolean } = {}, path = '$'): string[] {
  if (value === null) return schema.nullable || schema['x-nullable'] || schema.type === undefined ? [] : [`${path}: null where the schema is not nullable`];
  const errors: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${path}: expected an object`];
      const record = value as Record<string, unknown>;
      for (const name of schema.required ?? []) if (!(name in record)) errors.push(`${path}.${name}: required but missing`);
      for (const [name, item] of Object.entries(record)) {
        const property = schema.properties?.[name];
        if (property) errors.push(...schemaErrors(property, item, options, `${path}.${name}`));
        else if (options.strict) errors.push(`${path}.${name}: not in the schema`);
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected an array`];
      value.forEach((item, i) => errors.push(...(schema.items ? schemaErrors(schema.items, item, options, `${path}[${i}]`) : [])));
      break;
    case 'string':
      if (typeof value !== 'string') return [`${path}: expected a string`];
      if (schema.format === 'date-time' && !(RFC3339.test(value) && !Number.isNaN(Date.parse(value)))) errors.push(`${path}: "${value}" is not a date-time`);
      if (schema.format === 'uuid' && !UUID.test(value)) errors.push(`${path}: "${value}" is not a uuid`);
      break;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return [`${path}: expected a number`];
      if (schema.type === 'integer' && !Number.isInteger(value)) errors.push(`${path}: ${value} is not an integer`);
      if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: ${value} is below ${schema.minimum}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${path}: expected a boolean`);
      break;
    default:
      break;
  }
  return errors;
}
