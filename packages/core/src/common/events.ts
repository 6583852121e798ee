/** Removes the listener it was returned for. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * A tiny typed event emitter (core runs anywhere, so no Node `EventEmitter`).
 * Emitting with no listeners costs one property read.
 *
 * @example const events = new Emitter<{ tick: number }>(); const off = events.on('tick', (n) => console.log(n)); events.emit('tick', 1); off();
 */
export class Emitter<Events extends object> {
  #listeners: { [K in keyof Events]?: ((payload: Events[K]) => void)[] } = {};

  /** Subscribes to one event; returns the unsubscribe function. */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): Unsubscribe {
    const list = (this.#listeners[event] ??= []);
    list.push(listener);
    return () => {
      const current = this.#listeners[event];
      if (current === undefined) return;
      const index = current.indexOf(listener);
      if (index === -1) return;
      // Copy on write: an emit in progress keeps iterating its own array.
      const next = current.slice();
      next.splice(index, 1);
      if (next.length === 0) Reflect.deleteProperty(this.#listeners, event);
      else this.#listeners[event] = next;
    };
  }

  /** True when someone listens, so callers can skip building a payload. */
  has(event: keyof Events): boolean {
    return this.#listeners[event] !== undefined;
  }

  /** Number of listeners of one event (for leak tests). */
  count(event: keyof Events): number {
    return this.#listeners[event]?.length ?? 0;
  }

  /**
   * Calls every listener with the payload. A listener that throws does not stop
   * the others nor the call being protected; its error is reported asynchronously.
   */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const list = this.#listeners[event];
    if (list === undefined) return;
    for (const listener of list) {
      try {
        listener(payload);
      } catch (error: unknown) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
