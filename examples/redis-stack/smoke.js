#!/usr/bin/env node
// The smoke test of the stack, run by `pilot run … -- node smoke.js`: set and read back a value
// through the api, then queue a job and wait until the worker has done it. Exit 0, or 1 with a message.
const base = `http://127.0.0.1:${process.env.API_PORT ?? 47342}`;
const stamp = `${Date.now()}-${process.pid}`;

async function call(method, path, body) {
  const res = await fetch(`${base}${path}`, { method, body });
  return { status: res.status, body: await res.json() };
}

function check(ok, message) {
  if (!ok) throw new Error(message);
}

async function main() {
  const health = await call('GET', '/health');
  check(health.status === 200 && health.body.redis === 'PONG', `GET /health: ${health.status} ${JSON.stringify(health.body)}`);

  await call('POST', `/kv/smoke-${stamp}`, 'hello redis');
  const read = await call('GET', `/kv/smoke-${stamp}`);
  check(read.status === 200 && read.body.value === 'hello redis', `GET /kv/smoke-${stamp}: ${read.status} ${JSON.stringify(read.body)}`);

  const job = `job-${stamp}`;
  const queued = await call('POST', '/jobs', job);
  check(queued.status === 202, `POST /jobs: ${queued.status} ${JSON.stringify(queued.body)}`);
  const deadline = Date.now() + 5000;
  for (;;) {
    const done = await call('GET', `/kv/done:${job}`);
    if (done.status === 200) break;
    check(Date.now() < deadline, `the worker did not do ${job} within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log(`smoke: ok (${base}: kv round trip, job done by the worker)`);
}

main().catch((err) => {
  console.error(`smoke: FAILED: ${err.message}`);
  process.exit(1);
});
