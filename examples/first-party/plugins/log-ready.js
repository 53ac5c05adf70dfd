// The first-party log-ready plugin, taken by name: this directory could hold plugins of your own beside it.
export { default } from 'pilot/plugins/log-ready/log-ready.js';
