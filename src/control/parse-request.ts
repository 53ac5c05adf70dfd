// Turns one request line into a checked request, or into the error to reply with (never a throw).
import { isRequestId, METHOD_NAMES, PROTOCOL_VERSION, type ErrorBody, type MethodName, type ParamsOf, type RequestId } from './protocol.js';

export type ParsedRequest = { ok: true; id: RequestId; method: MethodName; params: ParamsOf<MethodName> } | { ok: false; id: RequestId | null; error: ErrorBody };

type Checker = (params: Record<string, unknown>) => string | null;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNameList = (value: unknown): value is string[] => Array.isArray(value) && value.every((n) => typeof n === 'string' && n.length > 0);

// Checks each key against its rule; unknown keys are refused so a misspelt option never goes unnoticed.
function shape(rules: Record<string, { required?: boolean; check: (v: unknown) => boolean; want: string }>): Checker {
  return (params) => {
    for (const key of Object.keys(params)) if (!(key in rules)) return `unknown parameter "${key}"${Object.keys(rules).length ? ` (expected: ${Object.keys(rules).join(', ')})` : ' (this method takes none)'}`;
    for (const [key, rule] of Object.entries(rules)) {
      const value = params[key];
      if (value === undefined) {
        if (rule.required) return `missing parameter "${key}" (${rule.want})`;
      } else if (!rule.check(value)) {
        return `parameter "${key}" must be ${rule.want}, got ${JSON.stringify(value)}`;
      }
    }
    return null;
  };
}

const names = { required: true, check: (v: unknown) => isNameList(v) && v.length > 0, want: 'a non-empty array of process names' };
const optionalNames = { check: isNameList, want: 'an array of process names' };
const flag = { check: (v: unknown) => typeof v === 'boolean', want: 'a boolean' };

const CHECKERS: Record<MethodName, Checker> = {
  ping: shape({}),
  status: shape({}),
  restart: shape({ names, withDependents: flag }),
  stop: shape({ names }),
  start: shape({ names }),
  reload: shape({}),
  down: shape({}),
  tail: shape({ names: optionalNames, n: { check: (v) => Number.isInteger(v) && (v as number) >= 0, want: 'a non-negative integer' } }),
  subscribe: shape({ logs: flag, events: flag, names: optionalNames }),
  unsubscribe: shape({ sub: { required: true, check: isRequestId, want: 'the id of a subscribe request' } }),
};

const fail = (id: RequestId | null, code: string, message: string): ParsedRequest => ({ ok: false, id, error: { code, message } });

/** Parses and checks a request line: JSON object, version, id, method, then the method's params. */
export function parseRequest(line: string): ParsedRequest {
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return fail(null, 'BAD_REQUEST', 'a request must be one line of JSON');
  }
  if (!isObject(data)) return fail(null, 'BAD_REQUEST', 'a request must be a JSON object');
  const id = isRequestId(data.id) ? data.id : null;
  if (data.v !== PROTOCOL_VERSION) return fail(id, 'UNSUPPORTED_VERSION', `unsupported protocol version ${JSON.stringify(data.v)} (this supervisor speaks v${PROTOCOL_VERSION})`);
  if (id === null) return fail(null, 'BAD_REQUEST', 'a request needs an "id" (a number or a non-empty string)');
  const method = data.method;
  if (typeof method !== 'string' || !(METHOD_NAMES as readonly string[]).includes(method)) {
    return fail(id, 'UNKNOWN_METHOD', `unknown method ${JSON.stringify(method)} (methods: ${METHOD_NAMES.join(', ')})`);
  }
  const params = data.params ?? {};
  if (!isObject(params)) return fail(id, 'BAD_PARAMS', `${method}: "params" must be a JSON object`);
  const problem = CHECKERS[method as MethodName](params);
  if (problem) return fail(id, 'BAD_PARAMS', `${method}: ${problem}`);
  return { ok: true, id, method: method as MethodName, params: params as ParamsOf<MethodName> };
}
