/** A state the fleet decided, as stored in Redis and published. `half-open` is never stored: each replica derives it. */
export interface FleetState {
  /** Redis time in µs at the write; grows with every write. */
  readonly version: number;
  readonly state: 'closed' | 'open' | 'isolated';
  /** Epoch ms the circuit opened (open only). */
  readonly openedAt: number | undefined;
  /** Replica that made the decision. */
  readonly by: string;
}

const STATES = new Set(['closed', 'open', 'isolated']);

/** `[version, state, openedAt, by]` as scripts reply and `HMGET state version…` is reordered to; `undefined` when absent or malformed. */
export function fleetState(fields: readonly (string | null | undefined)[]): FleetState | undefined {
  const [version, state, openedAt, by] = fields;
  const v = Number(version);
  if (typeof state !== 'string' || !STATES.has(state) || !Number.isFinite(v) || v <= 0) return undefined;
  const at = openedAt === undefined || openedAt === null || openedAt === '' ? undefined : Number(openedAt);
  if (state === 'open' && (at === undefined || !Number.isFinite(at))) return undefined;
  return { version: v, state: state as FleetState['state'], openedAt: state === 'open' ? at : undefined, by: by ?? '' };
}

/** A pub/sub message: `version|state|openedAt|by`. */
export function fleetMessage(message: string): FleetState | undefined {
  const parts = message.split('|');
  if (parts.length < 4) return undefined;
  // The replica id is last and may itself hold '|'.
  return fleetState([parts[0], parts[1], parts[2], parts.slice(3).join('|')]);
}
