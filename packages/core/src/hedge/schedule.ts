/** A call waiting for its next hedge: a node of the schedule's list (no allocation per call). */
export interface Due {
  /** When its next hedge is due, ms (Date.now() time); `Infinity` while not scheduled. */
  due: number;
  prev: Due | undefined;
  next: Due | undefined;
  /** The hedge delay passed. */
  fire(): void;
}

/**
 * Every pending hedge of a policy in one list sorted by due time, and one timer
 * armed for the earliest, instead of a `setTimeout` per call (which costs ~10x a
 * bare call). A call joins at the tail (a fixed delay keeps the list sorted for
 * free) and leaves in O(1) when it settles, so a finished call is never retained.
 * The timer is unref'd: an attempt in flight, not its hedge, keeps a process alive.
 */
export class HedgeSchedule {
  #head: Due | undefined;
  #tail: Due | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedFor = Infinity;

  /** Schedules `entry.fire()` at `due`. */
  add(entry: Due, due: number): void {
    entry.due = due;
    let before = this.#tail;
    while (before !== undefined && before.due > due) before = before.prev;
    entry.prev = before;
    entry.next = before === undefined ? this.#head : before.next;
    if (entry.next === undefined) this.#tail = entry;
    else entry.next.prev = entry;
    if (before === undefined) this.#head = entry;
    else before.next = entry;
    if (due < this.#armedFor) this.#arm(due);
  }

  /** Takes `entry` out of the schedule, if it is in it. */
  remove(entry: Due): void {
    if (entry.due === Infinity) return;
    entry.due = Infinity;
    if (entry.prev === undefined) this.#head = entry.next;
    else entry.prev.next = entry.next;
    if (entry.next === undefined) this.#tail = entry.prev;
    else entry.next.prev = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
  }

  #arm(due: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#armedFor = due;
    // Capped at what setTimeout can hold (a larger wait fires at once); an early fire re-arms.
    this.#timer = setTimeout(this.#fire, Math.min(2 ** 31 - 1, Math.max(0, due - Date.now())));
    (this.#timer as { unref?: () => void }).unref?.();
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = Date.now();
    let head = this.#head;
    while (head !== undefined && head.due <= now) {
      this.remove(head);
      head.fire();
      head = this.#head;
    }
    if (head !== undefined && head.due < this.#armedFor) this.#arm(head.due);
  };
}
