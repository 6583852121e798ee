// Starts a throwaway redis-server for the tests and the bench: 127.0.0.1 only, a free
// port, no persistence, its own working directory (removed when it exits). Fails loudly when redis-server is not installed (`pnpm test` provisions it first: scripts/test-services.mjs).
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The redis-server executable: $REDIS_SERVER_BIN, else the first on PATH, else /usr/bin. */
export function redisServerBin() {
  return findBin(
    'redis-server',
    process.env.REDIS_SERVER_BIN,
    'redis-server was not found: the @res/redis tests and bench start their own Redis on 127.0.0.1. ' +
      'Install it (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_SERVER_BIN to its path.',
  );
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** The redis-cli executable (Debian: redis-tools), found like {@link redisServerBin}; $REDIS_CLI_BIN overrides. */
export function redisCliBin() {
  return findBin(
    'redis-cli',
    process.env.REDIS_CLI_BIN,
    'redis-cli was not found: the @res/redis cluster tests create their cluster with `redis-cli --cluster create`. ' +
      'Install it (Debian/Ubuntu: apt-get install -y redis-tools) or set REDIS_CLI_BIN to its path.',
  );
}

/**
 * The first executable of `name`: `override`, else on PATH, else /usr/bin or /usr/local/bin.
 * @param {string} name @param {string | undefined} override @param {string} missing the error's message
 */
function findBin(name, override, missing) {
  const candidates = [
    override,
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name)),
    `/usr/bin/${name}`,
    `/usr/local/bin/${name}`,
  ];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === '') continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      continue;
    }
  }
  throw new Error(missing);
}

/**
 * Starts redis-server; resolves once it accepts connections.
 * @param {{ port?: number, args?: (port: number) => Promise<string[]> | string[], sentinel?: boolean }} [options]
 *   a fixed port (to restart a killed server on the same one); more arguments (cluster
 *   mode, replicaof); `sentinel`: `args` start a sentinel (a config file and `--sentinel`).
 */
export async function startRedis(options = {}) {
  const bin = redisServerBin();
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      const extra = (await options.args?.(port)) ?? [];
      if (options.sentinel) return await launch(bin, port, extra, '+monitor master');
      const base = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--daemonize', 'no'];
      return await launch(bin, port, [...base, ...extra], 'Ready to accept connections');
    } catch (error) {
      if (options.port !== undefined || attempt >= 5 || !String(error).includes('Address already in use')) throw error;
    }
  }
}

/** @param {string} bin @param {number} port @param {string[]} args @param {string} readyLine */
function launch(bin, port, args, readyLine) {
  // A working directory of its own: a replica writes the master's snapshot there (dump.rdb) even with `--save ''`.
  const dir = mkdtempSync(path.join(tmpdir(), 'res-redis-'));
  const child = spawn(bin, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal });
    });
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within 10 s on port ${port}:\n${output}`));
    }, 10_000);
    const onData = (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
      if (!output.includes(readyLine)) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.resume();
      child.stderr.resume();
      resolve(handle(child, port, exited));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${bin}: ${error.message}`));
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (code ${code}) before it was ready:\n${output}`));
    });
  });
}

/** @param {import('node:child_process').ChildProcess} child @param {number} port @param {Promise<unknown>} exited */
function handle(child, port, exited) {
  const end = async (/** @type {NodeJS.Signals} */ signal) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGCONT'); // a paused server would not hear SIGTERM
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  return {
    port,
    host: '127.0.0.1',
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    /** Shuts it down (SIGTERM) and waits for the exit. */
    stop: () => end('SIGTERM'),
    /** Kills it at once (SIGKILL), like a crash, and waits for the exit. */
    kill: () => end('SIGKILL'),
    /** Freezes it (SIGSTOP): connections stay open, nothing answers — a Redis too slow to use. */
    pause: () => void child.kill('SIGSTOP'),
    /** Thaws a paused server (SIGCONT). */
    resume: () => void child.kill('SIGCONT'),
  };
}
