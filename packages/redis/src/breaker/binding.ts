import type { BreakerStoreBinding, BreakerStoreHandle, StateChange } from '@res/core';
import type { LuaScript } from '../common/lua-script.js';
import { breakerKeys, legacyStateKey, type BreakerKeys } from '../common/keys.js';
import { fleetState, type FleetState } from './fleet-state.js';
import type { StoreSettings } from './options.js';
import { failureScript, restoreScript, transitionScript, trialScript } from './scripts.js';

/** What a binding needs of its store. */
export interface StoreContext {
  readonly replicaId: string;
  readonly settings: StoreSettings;
  /** Shard channels (a cluster) or classic ones: passed to the scripts, which publish. */
  readonly shard: 'shard' | 'classic';
  /** Redis may be used now; otherwise the breaker decides alone. */
  readonly usable: boolean;
  /** Runs a script, bounded by `commandTimeout`; `undefined` when Redis failed (the store is then degraded). Never rejects. */
  run(script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<string[] | undefined>;
  detach(binding: FleetBinding): void;
}

/** Where a fleet state came from: a live message, a re-read after (re)connecting, or a script's reply. */
export type FleetSource = 'message' | 'sync' | 'reply';

/**
 * One breaker's link to the fleet. The breaker calls it on failures and on its own
 * transitions (fire and forget) and before a half-open trial; the store calls
 * `receive` with the fleet's decisions. Success never reaches it.
 */
export class FleetBinding implements BreakerStoreBinding {
  readonly keys: BreakerKeys;
  /** The state key of the old layout, read at the first sync only (then `undefined`). */
  legacyKey: string | undefined;
  /** Version of the last fleet state seen here. */
  #version = 0;
  /** The last fleet state seen here: written back should Redis lose it. */
  #known: FleetState | undefined;
  /** When the fleet last opened, as applied here. */
  #openedAt: number | undefined;
  /** A refusal of the probe lease holds until then (no round trip per rejected call). */
  #refusedUntil = 0;
  #sequence = 0;
  /** Failures not yet reported: at most one report is in flight per breaker, the rest wait and go together. */
  #pending = 0;
  #pendingAt = 0;
  #reporting = false;
  #detached = false;

  constructor(
    readonly context: StoreContext,
    readonly breaker: BreakerStoreHandle,
  ) {
    this.keys = breakerKeys(context.settings.prefix, breaker.name);
    this.legacyKey = legacyStateKey(context.settings.prefix, breaker.name);
  }

  failure(at: number): void {
    if (this.#detached || !this.context.usable) return;
    this.#pending++;
    this.#pendingAt = at;
    if (!this.#reporting) this.#report();
  }

  // One script per report, whatever the failure rate: a failure storm cannot swamp Redis
  // (and degrade every store) with one command per failed call.
  #report(): void {
    const { replicaId, settings } = this.context;
    const keys = this.keys;
    const count = this.#pending;
    this.#pending = 0;
    this.#reporting = true;
    const threshold = settings.failureThreshold ?? this.breaker.failureThreshold;
    void this.context
      .run(failureScript, [keys.state, keys.failures, keys.reporters], [
        replicaId, `${replicaId}#${++this.#sequence}`, settings.window, threshold, settings.minReporters, this.#pendingAt, settings.stateTtl, keys.channel, count,
        this.context.shard,
      ])
      .then((reply) => {
        this.#reporting = false;
        if (reply?.[0] === 'fleet') this.receive(fleetState(reply.slice(1)), 'reply');
        if (this.#pending === 0) return;
        if (this.#detached || !this.context.usable) this.#pending = 0;
        else this.#report();
      });
  }

  transition(change: StateChange): void {
    // Half-open is each replica's own clock; a local open below quorum stays local.
    if (change.to === 'half-open' || (change.to === 'open' && change.from !== 'half-open')) return;
    this.#refusedUntil = 0;
    if (this.#detached || !this.context.usable) return;
    const { replicaId, settings } = this.context;
    const keys = this.keys;
    void this.context
      .run(transitionScript, [keys.state, keys.probe, keys.failures, keys.reporters], [
        change.to, change.from, change.at, replicaId, settings.stateTtl, keys.channel, this.context.shard,
      ])
      .then((reply) => {
        if (reply?.[0] === 'fleet') this.receive(fleetState(reply.slice(1)), 'reply');
      });
  }

  async acquireTrial(): Promise<boolean> {
    if (this.#detached) return true;
    // A lease another replica holds is honoured until it would expire, even when Redis has
    // gone meanwhile (a failover): no second probe while the holder may still be probing.
    if (Date.now() < this.#refusedUntil) return false;
    if (!this.context.usable) return true;
    const keys = this.keys;
    const lease = this.context.settings.probeLease ?? Math.max(this.breaker.recoveryTimeout, 1_000);
    const reply = await this.context.run(trialScript, [keys.state, keys.probe], [this.context.replicaId, Math.ceil(lease), this.#version]);
    if (reply === undefined) return true; // Redis failed: the breaker decides alone
    if (reply[0] === 'refused') {
      const left = Number(reply[1]);
      this.#refusedUntil = Date.now() + (Number.isFinite(left) && left > 0 ? left : lease);
      return false;
    }
    if (reply[0] === 'fleet') {
      this.receive(fleetState(reply.slice(1)), 'reply');
      return false;
    }
    return true;
  }

  detach(): void {
    if (this.#detached) return;
    this.#detached = true;
    this.context.detach(this);
  }

  /**
   * After a re-read: when Redis holds an older fleet state than this replica saw (a failover
   * promoted a replica that never got the write), and this breaker still runs on it, writes
   * it back. An open fleet stays open through a failover without `WAIT` on every write.
   */
  async reassert(stored: FleetState | undefined): Promise<void> {
    const known = this.#known;
    if (known === undefined || this.#detached || (stored !== undefined && stored.version >= known.version)) return;
    const current = this.breaker.state;
    if (known.state === 'open' ? current !== 'open' && current !== 'half-open' : current !== known.state) return;
    const { settings, shard } = this.context;
    const reply = await this.context.run(restoreScript, [this.keys.state], [
      String(known.version), known.state, known.openedAt ?? '', known.by, settings.stateTtl, this.keys.channel, shard,
    ]);
    if (reply?.[0] === 'fleet') this.receive(fleetState(reply.slice(1)), 'reply');
  }

  /** A fleet state from Redis: applied to the breaker unless it is old news here. */
  receive(fleet: FleetState | undefined, source: FleetSource): void {
    if (fleet === undefined || this.#detached || fleet.version <= this.#version) return;
    this.#version = fleet.version;
    this.#known = fleet;
    this.#refusedUntil = 0;
    const current = this.breaker.state;
    const openHere = current === 'open' || current === 'half-open';
    if (fleet.state === 'open') {
      const known = fleet.openedAt === this.#openedAt;
      this.#openedAt = fleet.openedAt;
      // This replica's own decision, or the open it already runs on (maybe half-open by now).
      if (openHere && (known || fleet.by === this.context.replicaId)) return;
      if (source === 'sync' && current === 'isolated') return;
      this.breaker.applyRemote('open', fleet.openedAt);
      return;
    }
    if (current === fleet.state) return;
    // A re-read (late join, reconnect) never closes nor un-isolates: a 'closed' in Redis may be
    // older than what this replica saw by itself while cut off, or than its restored state.
    if (source === 'sync' && (fleet.state === 'closed' || current === 'isolated')) return;
    this.breaker.applyRemote(fleet.state);
  }
}
