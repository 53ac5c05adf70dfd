// /proc/PID/stat parsing: odd command names, text cut short by a process that vanished, real processes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcStat, readProcStat } from '../../src/stats/proc-stat.js';

// a real line (kernel 6.x), with a command name holding spaces and a ')'
const LINE = '4242 (we ird) name) S 1000 4242 4242 0 -1 4194560 1234 0 0 0 250 75 3 4 20 0 1 0 987654 123456789 2560 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0';

describe('/proc/PID/stat', () => {
  test('fields after the last ")" whatever the command name holds', () => {
    assert.deepEqual(parseProcStat(LINE), { pid: 4242, comm: 'we ird) name', state: 'S', ppid: 1000, pgid: 4242, cpuTicks: 325, reapedTicks: 7, startTicks: 987654, rssPages: 2560 });
  });

  test('text cut short or empty (the process vanished mid-read) is null, not garbage', () => {
    assert.equal(parseProcStat(''), null);
    assert.equal(parseProcStat('4242 (sleep'), null);
    assert.equal(parseProcStat(LINE.slice(0, 60)), null);
    assert.equal(parseProcStat(LINE.slice(0, LINE.indexOf(' 2560 '))), null, 'no rss field');
  });

  test('a live process is read; a pid that does not exist is null', () => {
    const self = readProcStat(process.pid);
    assert.equal(self?.pid, process.pid);
    assert.equal(self?.ppid, process.ppid);
    assert.ok((self?.rssPages ?? 0) > 0);
    assert.equal(readProcStat(2 ** 22 + 1), null); // above pid_max's ceiling: never a process
  });
});
