// The first-party http-control plugin, taken by name: this directory could hold plugins of your own beside it.
export { default } from 'pilot/plugins/http-control/http-control.js';
