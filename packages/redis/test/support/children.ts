import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './clients.js';

/** What a child sends back: replies (with `id`) and events. */
export type ChildMessage = Record<string, unknown> & { id?: number; event?: string };

/** A fixture script in its own Node process, driven over IPC. */
export class Child {
  readonly events: ChildMessage[] = [];
  readonly #process: ChildProcess;
  readonly #pending = new Map<number, (message: ChildMessage) => void>();
  #next = 0;
  #exited: Promise<void>;

  constructor(fixture: string, config: Record<string, unknown>) {
    const script = fileURLToPath(new URL(`../fixtures/${fixture}`, import.meta.url));
    this.#process = fork(script, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    live.add(this.#process);
    this.#exited = new Promise((resolve) => {
      this.#process.once('exit', () => {
        live.delete(this.#process);
        resolve();
      });
    });
    this.#process.on('message', (message: ChildMessage) => {
      if (message.id !== undefined) {
        this.#pending.get(message.id)?.(message);
        this.#pending.delete(message.id);
      } else {
        this.events.push(message);
      }
    });
  }

  /** Waits for an event (already received or to come). */
  async event(name: string, timeout = 8_000): Promise<ChildMessage> {
    await waitFor(`event ${name}`, () => this.events.some((e) => e.event === name), timeout);
    return this.events.find((e) => e.event === name)!;
  }

  request(cmd: string, extra: Record<string, unknown> = {}): Promise<ChildMessage> {
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`child did not answer ${cmd} in 5 s`));
      }, 5_000);
      this.#pending.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.#process.send({ id, cmd, ...extra });
    });
  }

  /** Asks it to close its store and exit; kills it if it does not. */
  async close(): Promise<void> {
    if (this.#process.exitCode !== null) return;
    await this.request('close').catch(() => undefined);
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), 2_000);
    await this.#exited;
    clearTimeout(timer);
  }
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
