import type { ApiClient } from '../api/api-client.js';
import { describeConnection } from '../api/connection.js';
import { OpstackError } from '../model/errors.js';

/**
 * A server answer that parsed as JSON but is not what the endpoint documents. Names the endpoint
 * and what was wrong, never the values (they may be key material).
 */
export function unexpectedAnswer(client: ApiClient, path: string, what: string): OpstackError {
  return new OpstackError(
    'UnexpectedAnswer',
    `${describeConnection(client.connection)} answered GET ${path} with JSON opstack cannot use: ${what}.`,
    "Check that the address is the agent's HTTP API itself (not a proxy " +
      'or another service), and that the agent is a supported version.',
  );
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** True when every value of `value` (an object) passes `check`. */
export function isMapOf(value: unknown, check: (entry: unknown) => boolean): value is Record<string, never> {
  return isObject(value) && Object.values(value).every(check);
}

/** What a field of a server answer must hold: a text, a boolean, or a whole number ≥ 0. */
export type FieldType = 'string' | 'boolean' | 'count';

const HOLDS: Record<FieldType, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
  count: isCount,
};

/** The first listed field that `value` (an object) lacks or holds with another type, as `name.Field is not a …`. */
export function fieldProblem(
  value: unknown,
  fields: Readonly<Record<string, FieldType>>,
  name: string,
): string | undefined {
  if (!isObject(value)) return `${name} is not an object`;
  const wrong = Object.entries(fields).find(([field, type]) => !HOLDS[type](value[field]));
  return wrong ? `${name}.${wrong[0]} is not ${wrong[1] === 'count' ? 'a whole number' : `a ${wrong[1]}`}` : undefined;
}

/** The first problem of a list that may be `null` (Go's nil slice): not a list, or an entry without its fields. */
export function listProblem(
  list: unknown,
  fields: Readonly<Record<string, FieldType>>,
  name: string,
): string | undefined {
  if (list === null || list === undefined) return undefined;
  if (!Array.isArray(list)) return `${name} is not a list`;
  for (const [index, entry] of list.entries()) {
    const problem = fieldProblem(entry, fields, `${name}[${index}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** `GET path` of a list (or Go's `null`) whose entries must hold `fields`; anything else is an UnexpectedAnswer. */
export async function readCheckedList<T>(
  client: ApiClient,
  path: string,
  query: Record<string, string>,
  fields: Readonly<Record<string, FieldType>>,
): Promise<T[]> {
  const { value } = await client.read<unknown>(path, query);
  const problem = listProblem(value, fields, 'the list');
  if (problem) throw unexpectedAnswer(client, path, problem);
  return (value ?? []) as T[];
}

/** A GET whose answer must be a JSON object (a settings object), else an UnexpectedAnswer naming the path. */
export async function readJsonObject(
  client: ApiClient,
  path: string,
  query: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const { value } = await client.read<unknown>(path, query);
  if (!isObject(value)) throw unexpectedAnswer(client, path, 'expected an object');
  return value;
}
