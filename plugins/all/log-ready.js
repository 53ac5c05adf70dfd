// @ts-check
// Every first-party plugin in one directory: plugin_directory: plugins/all (see ../README.md).
export { default } from '../log-ready/log-ready.js';
