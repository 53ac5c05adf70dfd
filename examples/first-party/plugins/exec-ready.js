// The first-party exec-ready plugin, taken by name: this directory could hold plugins of your own beside it.
export { default } from 'pilot/plugins/exec-ready/exec-ready.js';
