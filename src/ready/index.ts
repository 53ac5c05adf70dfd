// Ready strategies: the registry, the deadline runner and the built-ins (tcp, file, pipe).
export type { ReadyContext, ReadyOutcome, ReadyPreparation, ReadyPrepareContext, ReadyStrategy } from './types.js';
export { ReadyRegistry, createDefaultRegistry, BUILT_IN_SOURCE } from './registry.js';
export { awaitReady, type AwaitReadyOptions } from './await-ready.js';
export { tcpStrategy } from './tcp.js';
export { fileStrategy } from './file.js';
export { pipeStrategy, READY_PIPE_ENV } from './pipe.js';
export { waitForPath } from './watch-path.js';
