// Running a plugin's validateParams: whatever it does — returns junk, throws — the caller gets a list of problems.
import type { ParamIssue } from '../manifest/types.js';
import { errorText } from '../ready/messages.js';
import type { ParamsValidator } from './api.js';
import { inPluginScope, type PluginScope } from './plugin-scope.js';

export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The problems `validator` finds in `params` (a frozen copy is passed); a throw or a bad result is one problem. */
export function runParamsValidator(validator: ParamsValidator, params: Record<string, unknown>, scope: PluginScope): ParamIssue[] {
  let result: unknown;
  try {
    result = inPluginScope(scope, () => validator(Object.freeze(structuredClone(params))));
  } catch (err) {
    return [{ message: `its validateParams threw: ${errorText(err)}` }];
  }
  if (result === undefined || result === null) return [];
  if (!Array.isArray(result)) return [{ message: 'its validateParams returned something other than a list of problems' }];
  return result.map((item: unknown): ParamIssue => {
    if (typeof item === 'string') return { message: item };
    if (!isObject(item) || typeof item.message !== 'string') return { message: `its validateParams returned a problem without a message: ${errorText(item)}` };
    const issue: ParamIssue = { message: item.message };
    if (typeof item.key === 'string' && item.key !== '') issue.key = item.key;
    if (typeof item.hint === 'string') issue.hint = item.hint;
    return issue;
  });
}
