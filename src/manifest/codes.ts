// Every diagnostic code the manifest loader emits, with what it means. Codes are stable:
// scripts and editors match on them. docs/manifest-reference.md lists the same codes (a test checks).

export const DIAGNOSTIC_CODES = {
  // reading the file
  'file-not-found': 'the manifest file does not exist',
  'file-unreadable': 'the manifest exists but cannot be read (permissions, a directory)',
  'unsupported-extension': 'the file name does not end in .yaml, .yml or .json',
  'invalid-utf8': 'the file is not UTF-8 text',
  'empty-file': 'the file is empty or holds only comments',
  // syntax
  'yaml-syntax': 'YAML that does not parse (including aliases to undefined anchors)',
  'yaml-warning': 'YAML that parses but is suspicious, e.g. an unknown tag (warning)',
  'json-syntax': 'JSON that does not parse: trailing commas, comments, single quotes, …',
  'duplicate-key': 'a key written twice in the same mapping',
  'too-deep': 'brackets or indentation nested deeper than 100 levels (refused before parsing)',
  // schema
  'unknown-key': 'a key the schema does not know (with a "did you mean" hint)',
  'missing-key': 'a required key is absent, or one key requires another',
  'wrong-type': 'a value of the wrong type',
  'bad-value': 'a value of the right type but out of range, not allowed, or badly formed',
  'too-few-items': 'a list shorter than allowed',
  'too-many-items': 'a list longer than allowed',
  'duplicate-item': 'a list that must not repeat an item does',
  // whole-manifest checks
  'duplicate-name': 'two processes share a name',
  'unknown-dependency': 'a dependency names no process',
  'self-dependency': 'a process depends on itself',
  'dependency-cycle': 'processes depend on each other in a cycle (one diagnostic per cycle)',
  'unknown-ready-strategy': 'ready_strategy is not tcp, pipe, file, none or a loaded plugin\'s',
  'unused-ready-params': 'ready_params without a ready_strategy (warning)',
  'affinity-conflict': 'both affinity and its alias processor_affinity are set',
  'empty-affinity': 'an empty affinity list',
  // plugins (checked when the plugins are loaded: pilot validate, up, run)
  'unknown-lifecycle-hook': 'lifecycle_hooks names a hook bundle no loaded plugin offers',
  'unknown-stat-handler': 'stat_handlers names a statistics handler no loaded plugin offers',
  'unknown-control-server': 'control_server names a control server no loaded plugin offers',
  'plugin-directory-missing': 'plugin_directory (or --plugins) does not exist or is not a directory',
  'plugin-load-failed': 'a plugin file threw while loading, exports nothing, or exports the wrong shape or apiVersion',
  'plugin-conflict': 'two plugins (or a plugin and a built-in) offer the same name',
  'plugin-module-type': 'an ES module plugin .js file under a package.json without "type" (warning)',
  'invalid-plugin-params': 'ready_params, stat_handler_params or control_server_params that the plugin\'s own check (validateParams) rejects',
  'unused-stat-handler-params': 'stat_handler_params for a handler no process lists in stat_handlers (warning)',
  'watchdog-without-sampling': 'a watchdog memory or CPU limit with stats_interval_sec: 0; sampled at a watchdog-only rate (warning)',
  // this machine
  'unknown-cpu': 'an affinity CPU id this machine does not offer',
  'executable-not-found': 'the executable is not on PATH, does not exist, or is not executable',
  'working-directory-missing': 'working_directory does not exist or is not a directory',
  'base-directory-missing': 'base_directory does not exist or is not a directory',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
