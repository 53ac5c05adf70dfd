// The first-party jsonl-stats plugin, taken by name: this directory could hold plugins of your own beside it.
export { default } from 'pilot/plugins/jsonl-stats/jsonl-stats.js';
