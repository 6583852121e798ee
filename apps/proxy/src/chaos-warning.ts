import type { ProxyConfig } from './config.js';

/**
 * The warning printed at start when chaos is configured: a game day must never be
 * mistaken for an outage, nor left on by accident. Always printed, `--quiet` or not.
 *
 * @example const warning = chaosWarning(config); if (warning !== undefined) logger.error(warning);
 */
export function chaosWarning(config: ProxyConfig): string | undefined {
  const chaos = config.policy?.chaos;
  if (chaos === undefined || chaos.enabled === false) return undefined;
  const parts: string[] = [];
  if (chaos.fault !== undefined && chaos.fault.rate > 0) parts.push(`${percent(chaos.fault.rate)} of calls fail with an injected ${chaos.fault.kind ?? 'transport'} fault`);
  if (chaos.latency !== undefined && chaos.latency.rate > 0) parts.push(`${percent(chaos.latency.rate)} of calls are delayed by ${chaos.latency.ms} ms`);
  if (parts.length === 0) return undefined;
  return `!!! CHAOS IS ON (game day): ${parts.join('; ')}. These failures are deliberate. Remove policy.chaos / the --chaos-* flags to stop. !!!`;
}

function percent(rate: number): string {
  return `${String(Math.round(rate * 10_000) / 100)} %`;
}
