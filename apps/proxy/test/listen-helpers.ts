import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { proxyBin } from './helpers.js';

/** A res-proxy child serving --listen on a free port. */
export interface ListeningProxy {
  readonly url: string;
  readonly child: ChildProcess;
  readonly stderr: string[];
  stop(): Promise<void>;
}

/** Starts `res-proxy --listen 0 …` (a single upstream or a gateway) and resolves with its URL once it says it is serving. */
export async function listeningProxy(args: string[], env: Record<string, string> = {}): Promise<ListeningProxy> {
  const child = spawn(process.execPath, [proxyBin, '--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const stderr: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk.toString());
      const match = /serving (?:MCP|\d+ server\(s\)) on (http:\/\/[^\s;]+)/.exec(stderr.join(''));
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => {
      reject(new Error(`res-proxy exited (${String(code)}): ${stderr.join('')}`));
    });
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`res-proxy did not start listening in 10 s: ${stderr.join('')}`));
    }, 10_000);
  }).finally(() => {
    clearTimeout(timer);
  });
  return {
    url,
    child,
    stderr,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const conformanceCli = fileURLToPath(new URL('../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url));

/**
 * Runs every active server scenario of the official conformance suite against `url` in one
 * invocation; resolves with each scenario's verdict (passed = no check failed).
 */
export async function conformanceServer(url: string): Promise<Map<string, string | true>> {
  const out = await mkdtemp(join(tmpdir(), 'res-conformance-'));
  try {
    // The CLI exits non-zero when a scenario fails: the verdicts are read from its files either way.
    await promisify(execFile)(process.execPath, [conformanceCli, 'server', '--url', url, '-o', out], { timeout: 120_000, maxBuffer: 256 * 1024 * 1024 }).catch(() => undefined);
    const verdicts = new Map<string, string | true>();
    for (const dir of await readdir(out)) {
      const scenario = /^server-(.+)-\d{4}-\d{2}-\d{2}T/.exec(dir)?.[1];
      if (scenario === undefined) continue;
      const checks = JSON.parse(await readFile(join(out, dir, 'checks.json'), 'utf8')) as { status: string; errorMessage?: string }[];
      const failed = checks.find((check) => check.status === 'FAILURE');
      verdicts.set(scenario, failed === undefined ? true : (failed.errorMessage ?? 'failed'));
    }
    return verdicts;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** The scenarios that passed, sorted. */
export function passed(verdicts: Map<string, string | true>): string[] {
  return [...verdicts].filter(([, verdict]) => verdict === true).map(([name]) => name).sort();
}

/** Why each failed scenario failed (for the assertion message). */
export function failures(verdicts: Map<string, string | true>): Record<string, string> {
  return Object.fromEntries([...verdicts].filter((entry): entry is [string, string] => entry[1] !== true));
}
