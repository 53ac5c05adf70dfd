#!/usr/bin/env node
// The CI check: asks the server for /greeting; exits 0 when it answers "hello", 1 otherwise.
const url = `http://127.0.0.1:${process.env.APP_PORT ?? 47331}/greeting`;
try {
  const res = await fetch(url);
  const body = (await res.text()).trim();
  if (res.status === 200 && body === 'hello') {
    console.log(`check: PASS ${url} -> ${JSON.stringify(body)}`);
    process.exit(0);
  }
  console.error(`check: FAIL ${url} -> HTTP ${res.status} ${JSON.stringify(body)}`);
} catch (err) {
  console.error(`check: FAIL ${url}: ${err.message}`);
}
process.exit(1);
