// Preloaded (node --require) into each benchmark job: on exit, writes the process's own peak resident
// set size to $ANOMALY_ZOO_PEAK_RSS_FILE. The kernel's maximum is exact, where polling from outside
// could miss a short peak.
const fs = require('fs');

const target = process.env.ANOMALY_ZOO_PEAK_RSS_FILE;
if (target) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ max_rss_kb: usage.maxRSS, exit_code: code, user_cpu_seconds: usage.userCPUTime / 1e6, system_cpu_seconds: usage.systemCPUTime / 1e6 }) + '\n');
  });
}
