import type { ApiClient } from '../api/api-client.js';
import { describeConnection } from '../api/connection.js';
import { OpstackError } from '../model/errors.js';

/**
 * A server answer that parsed as JSON but is not what the endpoint documents. Names the endpoint
 * and what was wrong, never the values (they may be key material).
 */
export function unexpectedAnswer(client: ApiClient, path: string, what: string): OpstackError {
  return new OpstackError('UnexpectedAnswer', `${describeConnection(client.connection)} answered GET ${path} with JSON opstack cannot use: ${what}.`, 'Check that the address is the agent\'s HTTP API itself (not a proxy or another service), and that the agent is a supported version.');
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** True when every value of `value` (an object) passes `check`. */
export function isMapOf(value: unknown, check: (entry: unknown) => boolean): value is Record<string, never> {
  return isObject(value) && Object.values(value).every(check);
}
