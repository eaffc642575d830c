// Preloaded into a process the bench measures (`node --require bench/processUsage.cjs …`): at
// exit it writes the process's own CPU time (user, system, µs) and peak resident set size (KiB)
// as one line of JSON to file descriptor 3, a pipe the bench opened. It changes nothing else.

'use strict';

const fs = require('node:fs');

process.on('exit', () => {
  const cpu = process.cpuUsage();
  const usage = process.resourceUsage();
  try {
    fs.writeSync(3, JSON.stringify({ userUs: cpu.user, systemUs: cpu.system, maxRssKiB: usage.maxRSS }) + '\n');
  } catch {
    // No pipe on fd 3 (run by hand): nothing to report to.
  }
});
