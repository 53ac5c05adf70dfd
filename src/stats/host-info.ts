// Facts about the machine (CPUs, memory, load) for `pilot top`: the only importer of systeminformation,
// which `top` loads on demand. The supervisor never loads it: per-process numbers come from /proc or ps.
import { loadavg } from 'node:os';
import si from 'systeminformation';

export interface HostFacts {
  /** Logical CPUs. */
  cpus: number;
  /** `AMD EPYC 7B13`, or '' when unknown. */
  cpuModel: string;
  totalBytes: number;
  /** What processes can still get without swapping (free plus reclaimable caches). */
  availableBytes: number;
  /** CPU busy across all CPUs since the previous call, percent (100 = all of them). */
  busyPercent: number;
  /** The 1, 5 and 15-minute load averages, as /proc/loadavg and `uptime` give them (zeros on Windows). */
  loadAverage: [number, number, number];
}

let model: Promise<{ cpus: number; cpuModel: string }> | undefined;

/** The host's facts now; the CPU model is looked up once. Never rejects: unknown values are 0 or ''. */
export async function hostFacts(): Promise<HostFacts> {
  model ??= si
    .cpu()
    .then((c) => ({ cpus: c.cores, cpuModel: !c.manufacturer || c.brand.startsWith(c.manufacturer) ? c.brand : `${c.manufacturer} ${c.brand}` }))
    .catch(() => ({ cpus: 0, cpuModel: '' }));
  const [cpu, mem, load] = await Promise.all([model, si.mem().catch(() => null), si.currentLoad().catch(() => null)]);
  return {
    ...cpu,
    totalBytes: mem?.total ?? 0,
    availableBytes: mem?.available ?? 0,
    busyPercent: load?.currentLoad ?? 0,
    // (not systeminformation's avgLoad: that is the 1-minute average per CPU, not what `uptime` says)
    loadAverage: loadAverages(),
  };
}

function loadAverages(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return [one, five, fifteen];
}
