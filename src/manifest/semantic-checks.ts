// Checks that need the whole manifest rather than one value: names, dependencies, cycles,
// ready strategies and affinity. They tolerate data the schema rejected (and skip such values),
// so every problem is reported in one pass.
import { DependencyGraph } from '../graph/graph.js';
import { BUILTIN_READY_STRATEGIES, WATCHDOG_SAMPLE_SEC } from './defaults.js';
import type { DiagnosticList } from './diagnostics.js';
import type { NodeLocator } from './locate.js';
import { asObject, processEntries, stringItems, type ProcessEntry } from './raw.js';
import { didYouMean } from './suggest.js';
import { processLabel } from './describe.js';

export interface SemanticContext {
  data: unknown;
  locator: NodeLocator;
  diagnostics: DiagnosticList;
  /** Ready strategy names offered by plugins. */
  extraReadyStrategies: readonly string[];
  /** Said after the strategies available when a name is unknown: why plugin strategies may be missing. */
  readyNote?: string | null;
}

const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Runs every whole-manifest check, recording a diagnostic per problem. */
export function checkSemantics(ctx: SemanticContext): void {
  const entries = processEntries(ctx.data);
  checkNames(ctx, entries);
  checkDependencies(ctx, entries);
  checkCycles(ctx, entries);
  checkReadyStrategies(ctx, entries);
  checkAffinity(ctx, entries);
  checkWatchdogSampling(ctx, entries);
}

function checkNames(ctx: SemanticContext, entries: ProcessEntry[]): void {
  const first = new Map<string, number>();
  for (const { index, name } of entries) {
    if (name === undefined) continue;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, index);
      continue;
    }
    const line = ctx.diagnostics.lineOf(ctx.locator.value(['processes', earlier, 'name']));
    ctx.diagnostics.add('duplicate-name', `duplicate process name "${name}" (first used on line ${line})`, ctx.locator.value(['processes', index, 'name']), { hint: 'process names must be unique; rename one of them' });
  }
}

function checkDependencies(ctx: SemanticContext, entries: ProcessEntry[]): void {
  const names = [...new Set(entries.flatMap((e) => (e.name === undefined ? [] : [e.name])))];
  for (const { index, raw, name } of entries) {
    for (const { item: dep, index: j } of stringItems(raw.dependencies)) {
      const where = ctx.locator.value(['processes', index, 'dependencies', j]);
      const who = processLabel(ctx.data, index);
      if (dep === name) {
        ctx.diagnostics.add('self-dependency', `${who} depends on itself`, where, { hint: `remove "${dep}" from its dependencies` });
      } else if (!names.includes(dep)) {
        const hint = didYouMean(dep, names) ?? `known processes: ${names.join(', ')}`;
        ctx.diagnostics.add('unknown-dependency', `${who} depends on unknown process "${dep}"`, where, { hint });
      }
    }
  }
}

function checkCycles(ctx: SemanticContext, entries: ProcessEntry[]): void {
  const named = entries.filter((e): e is ProcessEntry & { name: string } => e.name !== undefined);
  const graph = new DependencyGraph(named.map((e) => ({ name: e.name, dependencies: stringItems(e.raw.dependencies).map((d) => d.item) })));
  for (const cycle of graph.findCycles()) {
    // self-dependencies are reported on their own
    if (cycle.length < 2) continue;
    const [head] = cycle;
    const last = named.find((e) => e.name === cycle.at(-1));
    if (head === undefined || !last) continue;
    const closing = stringItems(last.raw.dependencies).find((d) => d.item === head)?.index ?? 0;
    ctx.diagnostics.add('dependency-cycle', `dependency cycle: ${[...cycle, head].join(' → ')}`, ctx.locator.value(['processes', last.index, 'dependencies', closing]), {
      hint: 'processes in a cycle can never start; remove one of these dependencies',
    });
  }
}

function checkReadyStrategies(ctx: SemanticContext, entries: ProcessEntry[]): void {
  const available = [...BUILTIN_READY_STRATEGIES, ...ctx.extraReadyStrategies];
  for (const { index, raw } of entries) {
    const strategy = raw.ready_strategy;
    const who = processLabel(ctx.data, index);
    if (typeof strategy === 'string' && NAME_PATTERN.test(strategy) && !available.includes(strategy)) {
      const suggestion = didYouMean(strategy, available);
      const hint = `${suggestion === undefined ? '' : `${suggestion} `}available: ${available.join(', ')}${ctx.readyNote ? ` (${ctx.readyNote})` : ''}`;
      ctx.diagnostics.add('unknown-ready-strategy', `unknown ready strategy "${strategy}" in ${who}`, ctx.locator.value(['processes', index, 'ready_strategy']), { hint });
    }
    if (raw.ready_params !== undefined && (strategy === undefined || strategy === 'none')) {
      const why = strategy === undefined ? 'no ready_strategy' : 'ready_strategy none';
      ctx.diagnostics.add('unused-ready-params', `${who} has ready_params but ${why}; they are ignored`, ctx.locator.key(['processes', index, 'ready_params']), {
        severity: 'warning',
        hint: 'set ready_strategy (tcp, pipe, file or a plugin\'s), or remove ready_params',
      });
    }
  }
}

function checkAffinity(ctx: SemanticContext, entries: ProcessEntry[]): void {
  for (const { index, raw } of entries) {
    const who = processLabel(ctx.data, index);
    if (raw.affinity !== undefined && raw.processor_affinity !== undefined) {
      ctx.diagnostics.add('affinity-conflict', `${who} sets both "affinity" and "processor_affinity"`, ctx.locator.key(['processes', index, 'processor_affinity']), {
        hint: 'processor_affinity is an alias of affinity; keep one of them',
      });
    }
    for (const key of ['affinity', 'processor_affinity']) {
      const list = raw[key];
      if (Array.isArray(list) && list.length === 0) {
        ctx.diagnostics.add('empty-affinity', `"${key}" of ${who} is empty`, ctx.locator.value(['processes', index, key]), { hint: 'list at least one CPU id, or remove the key to run on any CPU' });
      }
    }
  }
}

// Memory and CPU limits are checked on resource samples; with sampling off, pilot samples just those processes.
function checkWatchdogSampling(ctx: SemanticContext, entries: ProcessEntry[]): void {
  if (asObject(ctx.data)?.stats_interval_sec !== 0) return;
  for (const { index, raw } of entries) {
    const watchdog = asObject(raw.watchdog);
    for (const key of ['max_memory_mb', 'max_cpu_percent_sec']) {
      if (watchdog?.[key] === undefined) continue;
      const who = processLabel(ctx.data, index);
      ctx.diagnostics.add('watchdog-without-sampling', `${who} sets watchdog.${key} but stats_interval_sec is 0 (sampling off); pilot samples it every ${WATCHDOG_SAMPLE_SEC} s for the watchdog anyway`, ctx.locator.key(['processes', index, 'watchdog', key]), {
        severity: 'warning',
        hint: 'set stats_interval_sec to the sampling rate you want, or remove the limit',
      });
    }
  }
}
