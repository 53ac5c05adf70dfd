// Reading ready_params at run time. The schema checks them for manifests; plugins and direct callers may not.
import { PilotError } from '../errors.js';

type Params = Record<string, unknown>;

function invalid(strategy: string, key: string, expected: string, value: unknown): PilotError {
  return new PilotError('READY_FAILED', `${strategy} ready_params.${key} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}`, {
    context: { strategy, key, value },
  });
}

/** A string parameter, or undefined when absent; anything else but a non-empty string is an error. */
export function optionalString(params: Params, key: string, strategy: string): string | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw invalid(strategy, key, 'a non-empty string', value);
  return value;
}

/** A string parameter that must be present. */
export function requiredString(params: Params, key: string, strategy: string): string {
  const value = optionalString(params, key, strategy);
  if (value === undefined) throw invalid(strategy, key, 'a non-empty string', params[key]);
  return value;
}

/** A TCP port, 1–65535. */
export function requiredPort(params: Params, key: string, strategy: string): number {
  const value = params[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalid(strategy, key, 'an integer from 1 to 65535', value);
  }
  return value;
}
