// Gradient2 against the knee: where would it settle if its long-term RTT were not
// Netflix's load-following average but the server's no-load RTT? An analysis, not an
// option of res: the overload simulation (bench/simulations.js, same server, same seed)
// with Gradient2's long-term RTT replaced, everything else as DESIGN fixes it
// (gradient long/short in [0.5, 1], limit x gradient + 4, smoothing 0.2, floored).
//
//   node bench/knee.js   (after `pnpm build`; a few seconds, virtual time)
import { adaptiveLimit, bulkhead, Gradient2 } from '../dist/index.js';
import { overload } from './simulations.js';

const faithful = Gradient2.prototype.update;

/** Gradient2's update with the long-term RTT given by `longRtt(shortRtt)`. */
function withLongRtt(longRtt) {
  return function update(sample) {
    const shortRtt = Math.max(sample.rtt, 1e-3);
    const long = longRtt(this, shortRtt);
    if (sample.inFlight < this.limit / 2) return this.limit;
    const gradient = Math.max(0.5, Math.min(1, long / shortRtt));
    const smoothed = this.limit * 0.8 + (this.limit * gradient + 4) * 0.2;
    this.limit = Math.max(this.min, Math.min(this.max, smoothed));
    return this.limit;
  };
}

const lowest = new WeakMap();
const variants = [
  ["Netflix's long-term RTT (what res ships)", faithful],
  ['long-term RTT = 10 ms, the no-load RTT (an oracle)', withLongRtt(() => 10)],
  ['long-term RTT = the least RTT seen (Vegas-like)', withLongRtt((g, short) => {
    const least = Math.min(lowest.get(g) ?? Infinity, short);
    lowest.set(g, least);
    return least;
  })],
];
const configs = variants.map(([name, update]) => [name, () => {
  Gradient2.prototype.update = update;
  return adaptiveLimit({ queue: 200 });
}]);
const rows = await overload([['bulkhead({ limit: 10, queue: 200 }) (told the knee)', () => bulkhead({ limit: 10, queue: 200 })], ...configs]).finally(() => {
  Gradient2.prototype.update = faithful;
});
const knee = rows[0].goodput;
console.log('Overload (bench/simulations.js): gradient2 with other long-term RTTs, against the knee');
console.log(`  ${'config'.padEnd(54)}${'goodput/s'.padStart(10)}${'of knee'.padStart(9)}${'p99'.padStart(9)}${'mean limit'.padStart(12)}`);
for (const row of rows) {
  const share = `${((row.goodput / knee) * 100).toFixed(0)} %`;
  console.log(`  ${row.config.padEnd(54)}${row.goodput.toFixed(0).padStart(10)}${share.padStart(9)}${`${row.p99.toFixed(0)} ms`.padStart(9)}${(row.meanLimit?.toFixed(2) ?? '-').padStart(12)}`);
}
// At a steady limit L (all L slots busy), latency 10 (L / 10)^1.5 ms and long-term RTT 10 ms:
// L = 0.8 L + 0.2 (L g + 4) with g = (10 / L)^1.5, i.e. L (1 - (10 / L)^1.5) = 4.
let low = 10;
let high = 100;
for (let i = 0; i < 60; i++) {
  const mid = (low + high) / 2;
  if (mid * (1 - (10 / mid) ** 1.5) < 4) low = mid;
  else high = mid;
}
console.log(
  `  Equilibrium with the no-load RTT: L (1 - (10 / L)^1.5) = 4 at L = ${low.toFixed(2)}: goodput sqrt(10 / L) = ` +
    `${(Math.sqrt(10 / low) * 100).toFixed(1)} % of the knee's; 90 % needs L <= ${(10 / 0.81).toFixed(2)}.`,
);
