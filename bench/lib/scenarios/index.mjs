// The scenarios, in the order a run takes them.
import * as boot from './boot.mjs';
import * as cli from './cli.mjs';
import * as depChain from './dep-chain.mjs';
import * as logBurst from './log-burst.mjs';
import * as monitorCpu from './monitor-cpu.mjs';
import * as restart from './restart.mjs';

export const SCENARIOS = [boot, restart, logBurst, cli, depChain, monitorCpu];
export const SCENARIO_IDS = SCENARIOS.map((s) => s.id);
