// How a plugin's ParamIssue reads in messages: `pilot validate`'s diagnostics and the checks before a spawn.
import type { ParamIssue } from './types.js';

/** `ready_params.url must be …` (`prefix` names the params), or the message alone when no key is given. */
export function issueText(prefix: string, issue: ParamIssue): string {
  return issue.key === undefined ? `${prefix}: ${issue.message}` : `${prefix}.${issue.key} ${issue.message}`;
}
