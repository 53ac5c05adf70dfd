// What makes a run fail (exit 1): a system's run that failed, lost or reordered log lines, a process left wrong.

export function problems(results) {
  const out = [];
  for (const r of results) {
    for (const [id, sys] of Object.entries(r.systems)) {
      const where = `${r.scenario}${r.params.n ? ` n=${r.params.n}` : ''} ${id}`;
      for (const e of sys.errors ?? []) out.push(`${where}: ${e}`);
      if (sys.status === 'failed' && !(sys.errors ?? []).length) out.push(`${where}: no run succeeded`);
      const intact = sys.counts?.intact;
      if (intact && intact.count < intact.of) out.push(`${where}: ${intact.of - intact.count} of ${intact.of} runs did not log every line once, in order`);
      if (sys.warning) out.push(`${where}: ${sys.warning}`);
      if (sys.order_violations) out.push(`${where}: ${sys.order_violations} dependency order violations`);
    }
  }
  return out;
}
