// @ts-check
// Every first-party plugin in one directory: plugin_directory: plugins/all (see ../README.md).
export { default } from '../jsonl-stats/jsonl-stats.js';
