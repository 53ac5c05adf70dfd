// The first-party http-ready plugin, taken by name: this directory could hold plugins of your own beside it.
export { default } from 'pilot/plugins/http-ready/http-ready.js';
