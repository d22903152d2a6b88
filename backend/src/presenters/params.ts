/**
 * Query-string parsing shared by the families: each parser returns the value or throws a
 * bad_request ApiError naming the parameter, which the family renders in its own format.
 */
import type { Request } from 'express';
import { badRequest } from '../http/errors';
import { isTimeZone } from '../time/calendar';

type Query = Request['query'];

/** The raw value of a parameter given once; a repeated one is an error. */
export function single(query: Query, name: string, code?: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`parameter ${name} must be given once`, code);
  return value;
}

/**
 * A list parameter: repeated (`a=x&a=y`, also `a[]=x`), each value taken whole, commas
 * included; or one value, comma-separated (`a=x,y`). Empty when absent.
 */
export function list(query: Query, name: string): string[] {
  const given = [name, `${name}[]`].flatMap((key) => {
    const value = query[key];
    return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
  });
  const values = given.length === 1 ? given[0].split(',') : given;
  return values.map((v) => v.trim()).filter(Boolean);
}

/**
 * Which of a parameter's spellings the request uses (the document's and the real server's);
 * undefined when none. Two spellings at once is an error: they could disagree.
 */
export function spelling(query: Query, names: readonly string[], code?: string): string | undefined {
  const used = names.filter((name) => query[name] !== undefined);
  if (used.length > 1) throw badRequest(`give one of ${used.join(' and ')}, not both`, code);
  return used[0];
}

/** A whole number within bounds (Unix seconds, page numbers...). */
export function integer(query: Query, name: string, options: { min?: number; max?: number; code?: string } = {}): number | undefined {
  const text = single(query, name, options.code);
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text.trim())) throw badRequest(`parameter ${name} must be an integer, not "${text}"`, options.code);
  const value = Number(text);
  if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
    throw badRequest(`parameter ${name} must be between ${options.min ?? '-∞'} and ${options.max ?? '∞'}`, options.code);
  }
  return value;
}

export function required<T>(value: T | undefined, name: string, code?: string): T {
  if (value === undefined) throw badRequest(`parameter ${name} is required`, code);
  return value;
}

/** The `tz` parameter, else the configured zone. */
export function timeZone(query: Query, fallback: string, code?: string): string {
  const tz = single(query, 'tz', code);
  if (tz === undefined || tz === '') return fallback;
  if (!isTimeZone(tz)) throw badRequest(`parameter tz must be an IANA time zone, not "${tz}"`, code);
  return tz;
}

/** A boolean given as true/false. */
export function boolean(query: Query, name: string, code?: string): boolean | undefined {
  const text = single(query, name, code);
  if (text === undefined || text === '') return undefined;
  if (text !== 'true' && text !== 'false') throw badRequest(`parameter ${name} must be true or false, not "${text}"`, code);
  return text === 'true';
}

/** Runs a window computation and turns its RangeError into a bad request. */
export function withinRange<T>(compute: () => T, code?: string): T {
  try {
    return compute();
  } catch (err) {
    if (err instanceof RangeError) throw badRequest(`invalid time range: ${err.message}`, code);
    throw err;
  }
}
