// `node bench/vscode/stalls.mjs PROFILE [RESULTS]`: what the extension host ran during each of the
// longest stalls `npm run bench:vscode` saw while the large export opened. PROFILE is the CPU profile
// written with RIS_BENCH_PROFILE_OPEN=PROFILE, RESULTS the run's results (bench/results/vscode.json by
// default), whose `largeOpenLongestStalls` give each stall's end on the profile's clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../test/harness/runtime.mjs';

const [profilePath, resultsPath = join(repoRoot, 'bench/results/vscode.json')] = process.argv.slice(2);
if (!profilePath) {
  console.error('usage: node bench/vscode/stalls.mjs PROFILE [RESULTS]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
const stalls = JSON.parse(readFileSync(resultsPath, 'utf8')).largeOpenLongestStalls;
if (!Array.isArray(stalls)) {
  console.error(`${resultsPath} has no largeOpenLongestStalls: run npm run bench:vscode again`);
  process.exit(2);
}

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parents = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
const frame = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;

// Each sample's time: the profile's start plus the deltas so far (µs).
const times = [];
let t = profile.startTime;
for (const d of profile.timeDeltas) times.push((t += d));

const top = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${(us / 1000).toFixed(1)} ms ${k}`);

for (const { endUs, ms, gcMs, waitMs } of stalls) {
  const from = endUs - ms * 1000 - 10_000;
  const self = new Map();
  const inclusive = new Map();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    if (times[i] < from || times[i] > endUs) continue;
    const node = nodes.get(profile.samples[i]);
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') continue;
    const us = (times[i + 1] ?? times[i]) - times[i];
    busy += us;
    self.set(frame(node), (self.get(frame(node)) ?? 0) + us);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parents.get(id)) {
      const f = frame(nodes.get(id));
      if (seen.has(f)) continue;
      seen.add(f);
      inclusive.set(f, (inclusive.get(f) ?? 0) + us);
    }
  }
  // The collections and the waits for a core inside the stall, as the run measured them (results of runs before they were kept have neither).
  const parts = [gcMs === undefined ? '' : `, collections ${gcMs.toFixed(0)} ms`, waitMs === undefined || waitMs < 0 ? '' : `, waiting for a core ${waitMs.toFixed(0)} ms`].join('');
  console.log(`\nstall of ${ms.toFixed(0)} ms${parts} (busy ${(busy / 1000).toFixed(0)} ms of the ${(ms + 10).toFixed(0)} ms before it ended)`);
  if (busy === 0) console.log('  (no sample in it: is RESULTS the run the profile was written in?)');
  console.log('  self:     ' + top(self, 6).join(' | '));
  console.log('  including: ' + top(inclusive, 12).join(' | '));
}
