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
  // this machine
  'unknown-cpu': 'an affinity CPU id this machine does not offer',
  'executable-not-found': 'the executable is not on PATH, does not exist, or is not executable',
  'working-directory-missing': 'working_directory does not exist or is not a directory',
  'base-directory-missing': 'base_directory does not exist or is not a directory',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
