/** Something due at a time: a hedged call waiting to start its next attempt. */
export interface Due {
  /** When it is due, ms (Date.now() time); never changes once scheduled. */
  readonly due: number;
  /** Called once when `due` is reached, unless the call has ended (then it does nothing). */
  fire(): void;
}

/**
 * One timer for every pending hedge of a policy, instead of a `setTimeout` per call
 * (which costs ~10x a bare call): a min-heap by due time and a timer armed for the
 * earliest. A call that ends before its hedge is due stays in the heap and is
 * skipped when reached. The timer is unref'd: an attempt in flight, not its hedge,
 * is what keeps a process alive.
 */
export class HedgeSchedule {
  readonly #heap: Due[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedFor = Infinity;

  /** Schedules `entry.fire()` at `entry.due`. */
  add(entry: Due): void {
    const heap = this.#heap;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent];
      if (above === undefined || above.due <= entry.due) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = entry;
    if (entry.due < this.#armedFor) this.#arm(entry.due);
  }

  #arm(due: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#armedFor = due;
    // Capped at what setTimeout can hold (a larger wait fires at once); early firing re-arms.
    this.#timer = setTimeout(this.#fire, Math.min(2 ** 31 - 1, Math.max(0, due - Date.now())));
    (this.#timer as { unref?: () => void }).unref?.();
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = Date.now();
    let head = this.#heap[0];
    while (head !== undefined && head.due <= now) {
      this.#pop();
      head.fire();
      head = this.#heap[0];
    }
    if (head !== undefined) this.#arm(head.due);
  };

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const leftEntry = heap[left];
      if (leftEntry === undefined) break;
      const rightEntry = heap[left + 1];
      const [child, entry] = rightEntry !== undefined && rightEntry.due < leftEntry.due ? [left + 1, rightEntry] : [left, leftEntry];
      if (entry.due >= last.due) break;
      heap[index] = entry;
      index = child;
    }
    heap[index] = last;
  }
}
