/**
 * The metrics of one (registry, prefix): registered once, reused afterwards. The
 * set, and the record of what is instrumented into it, hang off the registry's own
 * `calls_total` counter: no state lives anywhere but in the registry.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DURATION_BUCKETS, metricDefinitions, type MetricDefinition } from './definitions.js';

/** The metrics, typed by their labels. */
export interface Metrics {
  readonly calls: Counter<'server' | 'tool' | 'outcome'>;
  readonly duration: Histogram<'server' | 'tool'>;
  readonly retries: Counter<'server' | 'tool'>;
  readonly rejections: Counter<'server' | 'tool' | 'reason'>;
  readonly fallbacks: Counter<'server' | 'tool'>;
  readonly breakerState: Gauge<'server' | 'tool' | 'state'>;
  readonly transitions: Counter<'server' | 'tool' | 'from' | 'to'>;
  readonly reconnects: Counter<'server'>;
  readonly connected: Gauge<'server'>;
  readonly budgetRefusals: Counter<'server' | 'tool' | 'by'>;
  readonly budgetBalance: Gauge<'server'>;
  readonly hedges: Counter<'server' | 'tool'>;
  readonly hedgeWins: Counter<'server' | 'tool'>;
  readonly concurrencyLimit: Gauge<'server'>;
  readonly throttleProbability: Gauge<'server'>;
  readonly chaosInjected: Counter<'server' | 'tool' | 'kind'>;
  /** Called at scrape time to refresh the gauges read from `health()` (one per recorded client). */
  readonly scrapeHooks: Set<() => void>;
}

/** One instrumented target: how many `instrument` calls hold it, and how to stop recording. */
interface Attachment {
  holders: number;
  readonly stop: () => void;
  /** The server whose gauges it owns, if any. */
  readonly server: string | undefined;
}

/** The metric set of one registry and prefix, and what records into it. */
export class MetricSet {
  readonly #attachments = new WeakMap<object, Attachment>();
  /** Gauge-owning servers -> the target that owns them (two owners would overwrite each other's gauges). */
  readonly #owners = new Map<string, object>();

  constructor(readonly metrics: Metrics) {}

  /**
   * Starts recording `target` (once, however many times it is asked) and returns a
   * release; recording stops when every release has been called.
   */
  attach(target: object, server: string | undefined, start: () => () => void): () => void {
    let attachment = this.#attachments.get(target);
    if (attachment === undefined) {
      if (server !== undefined) {
        const owner = this.#owners.get(server);
        if (owner !== undefined && owner !== target) {
          throw new TypeError(
            `@res/prometheus: another target already reports server "${server}" on this registry; ` +
              `unsubscribe it first, or give the servers different names`,
          );
        }
      }
      attachment = { holders: 0, stop: start(), server };
      this.#attachments.set(target, attachment);
      if (server !== undefined) this.#owners.set(server, target);
    }
    attachment.holders++;
    let released = false;
    const held = attachment;
    return () => {
      if (released) return;
      released = true;
      if (--held.holders > 0) return;
      this.#attachments.delete(target);
      if (held.server !== undefined && this.#owners.get(held.server) === target) this.#owners.delete(held.server);
      held.stop();
    };
  }
}

const SET = Symbol.for('@res/prometheus/metric-set');

/**
 * The metric set of `registry` and `prefix`: made and registered on first use, then
 * found again through the registry (`getSingleMetric`). Metrics of these names that
 * someone else registered are reused when their type and labels match; otherwise a
 * `TypeError` says which one differs.
 */
export function metricSetFor(registry: Registry, prefix: string): MetricSet {
  const anchor = registry.getSingleMetric(prefix + metricDefinitions.calls.name) as (object & { [SET]?: MetricSet }) | undefined;
  const existing = anchor?.[SET];
  if (existing !== undefined) return existing;
  const scrapeHooks = new Set<() => void>();
  const metrics: Metrics = {
    calls: counter(registry, prefix, metricDefinitions.calls),
    duration: histogram(registry, prefix, metricDefinitions.duration),
    retries: counter(registry, prefix, metricDefinitions.retries),
    rejections: counter(registry, prefix, metricDefinitions.rejections),
    fallbacks: counter(registry, prefix, metricDefinitions.fallbacks),
    breakerState: gauge(registry, prefix, metricDefinitions.breakerState),
    transitions: counter(registry, prefix, metricDefinitions.transitions),
    reconnects: counter(registry, prefix, metricDefinitions.reconnects),
    connected: gauge(registry, prefix, metricDefinitions.connected),
    budgetRefusals: counter(registry, prefix, metricDefinitions.budgetRefusals),
    budgetBalance: gauge(registry, prefix, metricDefinitions.budgetBalance, scrapeHooks),
    hedges: counter(registry, prefix, metricDefinitions.hedges),
    hedgeWins: counter(registry, prefix, metricDefinitions.hedgeWins),
    concurrencyLimit: gauge(registry, prefix, metricDefinitions.concurrencyLimit, scrapeHooks),
    throttleProbability: gauge(registry, prefix, metricDefinitions.throttleProbability, scrapeHooks),
    chaosInjected: counter(registry, prefix, metricDefinitions.chaosInjected),
    scrapeHooks,
  };
  const set = new MetricSet(metrics);
  Object.defineProperty(metrics.calls, SET, { value: set, enumerable: false });
  return set;
}

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

/** The metric of this name already on the registry, if it has the right type and labels; throws if it has not. */
function reuse(registry: Registry, name: string, definition: MetricDefinition, kind: MetricClass): object | undefined {
  const found = registry.getSingleMetric(name);
  if (found === undefined) return undefined;
  const labels = (found as { labelNames?: readonly string[] }).labelNames ?? [];
  const sameLabels = labels.length === definition.labelNames.length && definition.labelNames.every((label) => labels.includes(label));
  if (!(found instanceof kind) || !sameLabels) {
    throw new TypeError(
      `@res/prometheus: the registry already has a metric "${name}" that is not a ${definition.type} ` +
        `with labels ${definition.labelNames.join(', ')} (it has ${labels.join(', ') || 'none'}); use another prefix`,
    );
  }
  return found;
}

function counter<L extends string>(registry: Registry, prefix: string, definition: MetricDefinition): Counter<L> {
  const name = prefix + definition.name;
  return (
    (reuse(registry, name, definition, Counter) as Counter<L> | undefined) ??
    new Counter<L>({ name, help: definition.help, labelNames: definition.labelNames as L[], registers: [registry] })
  );
}

function gauge<L extends string>(registry: Registry, prefix: string, definition: MetricDefinition, hooks?: Set<() => void>): Gauge<L> {
  const name = prefix + definition.name;
  const collect = hooks === undefined ? {} : { collect: () => { for (const hook of hooks) hook(); } };
  return (
    (reuse(registry, name, definition, Gauge) as Gauge<L> | undefined) ??
    new Gauge<L>({ name, help: definition.help, labelNames: definition.labelNames as L[], registers: [registry], ...collect })
  );
}

function histogram<L extends string>(registry: Registry, prefix: string, definition: MetricDefinition): Histogram<L> {
  const name = prefix + definition.name;
  return (
    (reuse(registry, name, definition, Histogram) as Histogram<L> | undefined) ??
    new Histogram<L>({ name, help: definition.help, labelNames: definition.labelNames as L[], buckets: [...DURATION_BUCKETS], registers: [registry] })
  );
}
