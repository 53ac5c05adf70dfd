// A ready strategy for pilot: ready once GET ready_params.url answers JSON {"status": "ok"}.
// The tutorial of docs/plugins.md walks through it.
import { definePlugin, type ReadyCheckContext } from 'pilot';
import { describeBody } from './lib/describe-body.ts';

const ATTEMPT_TIMEOUT_MS = 1000;

async function isHealthy(ctx: ReadyCheckContext): Promise<boolean> {
  const url = String(ctx.params.url);
  // One attempt: at most 1 s, never past the deadline, and cancelled with the wait.
  const budget = Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, ctx.deadline - performance.now()));
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(budget)]);
  const response = await fetch(url, { signal });
  const body: unknown = await response.json();
  if (response.ok && (body as { status?: unknown }).status === 'ok') return true;
  // Thrown errors count as "not ready yet"; the last message ends up in the failure report.
  throw new Error(`HTTP ${response.status}, ${describeBody(body)}`);
}

export default definePlugin({
  name: 'healthy',
  apiVersion: 1,
  description: 'ready when a health endpoint says {"status":"ok"}',
  readyStrategies: {
    healthy: {
      describe: (params) => `health ${String(params.url)}`,
      notReadyText: 'not healthy',
      pollIntervalMs: 100,
      check: isHealthy,
    },
  },
  lifecycleHooks: {
    announce: {
      post_start: (ctx) => ctx.log.info(`${ctx.process.name} is up (pid ${ctx.pid})${ctx.reason ? `, restarted: ${ctx.reason}` : ''}`),
      on_shutdown: (ctx) => ctx.log.info(`${ctx.process.name} ended: ${ctx.reason ?? 'unknown'}`),
    },
  },
});
