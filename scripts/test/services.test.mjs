// The decisions of scripts/test-services.mjs for machines other than this one: the machine
// (PATH, files, uid, platform, sudo, tool output) is a plain object; the decisions are the real ones.
// Run: node --test scripts/test/
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { deadlines, plan, runProblem, skippedLine } from '../lib/services.mjs';

const outputs = {
  '/usr/bin/redis-server': 'Redis server v=7.0.15 sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=1',
  '/opt/redis/bin/redis-server': 'Redis server v=7.2.4 sha=00000000:0 malloc=libc bits=64 build=2',
  '/usr/lib/chromium/chromium': 'Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)',
  '/usr/bin/promtool': 'promtool, version 2.42.0+ds (branch: debian/sid, revision: 2.42.0+ds-5+b5)\n  build user: team+pkg-go@tracker.debian.org',
};

/** A machine: `bins` on PATH (name → path), `files` that exist, who runs, whether `sudo -n` works. */
function machine({ bins = {}, files = [], uid = 1000, platform = 'linux', sudo = false, env = {} } = {}) {
  return {
    env,
    platform,
    uid,
    which: (command) => bins[command],
    exists: (path) => files.includes(path),
    version: (path) => outputs[path],
    sudoWorks: () => sudo,
  };
}

const debianBins = { 'apt-get': '/usr/bin/apt-get' };
const everything = {
  bins: { ...debianBins, 'redis-server': '/usr/bin/redis-server', 'redis-cli': '/usr/bin/redis-cli', promtool: '/usr/bin/promtool' },
  files: ['/usr/lib/chromium/chromium'],
};
const names = (list) => list.map((entry) => (entry.service ?? entry).name);

describe('test services', () => {
  it('all present: nothing to do, each with its version and path', () => {
    const result = plan(machine(everything));
    assert.equal(result.action, 'none');
    assert.deepEqual(result.present.map(({ service, version, path }) => [service.name, version, path]), [
      ['redis-server', '7.0.15', '/usr/bin/redis-server, /usr/bin/redis-cli'],
      ['chromium', '156.0.8078.114', '/usr/lib/chromium/chromium'],
      ['promtool', '2.42.0+ds', '/usr/bin/promtool'],
    ]);
  });

  it('REDIS_SERVER_BIN names the server (the tests honour it too); redis-cli is still needed', () => {
    const env = { REDIS_SERVER_BIN: '/opt/redis/bin/redis-server' };
    const withCli = plan(machine({ ...everything, env }));
    assert.equal(withCli.present[0].version, '7.2.4');
    const { 'redis-cli': _cli, ...noCli } = everything.bins;
    assert.deepEqual(names(plan(machine({ ...everything, bins: noCli, env, uid: 0 })).missing), ['redis-server']);
  });

  it('missing on Debian as root: one install of exactly the missing packages', () => {
    const result = plan(machine({ bins: debianBins, uid: 0 }));
    assert.equal(result.action, 'install');
    assert.deepEqual(result.sudo, []);
    assert.deepEqual(result.packages, ['redis-server', 'chromium', 'fonts-liberation', 'prometheus']);
    const onlyPromtool = plan(machine({ ...everything, bins: { ...everything.bins, promtool: undefined }, uid: 0 }));
    assert.deepEqual(onlyPromtool.packages, ['prometheus']);
  });

  it('missing on Debian, not root but passwordless sudo: installs through sudo -n', () => {
    const result = plan(machine({ bins: debianBins, sudo: true }));
    assert.equal(result.action, 'install');
    assert.deepEqual(result.sudo, ['sudo', '-n']);
  });

  it('missing on Debian without root or sudo: fails with the apt command for each missing tool', () => {
    const result = plan(machine({ bins: { ...debianBins, promtool: '/usr/bin/promtool' } }));
    assert.equal(result.action, 'fail');
    assert.equal(result.messages.length, 2);
    assert.match(result.messages[0], /^redis-server is missing: .*not root, and no passwordless sudo/);
    assert.match(result.messages[0], /sudo apt-get install -y --no-install-recommends redis-server/);
    assert.match(result.messages[1], /sudo apt-get install -y --no-install-recommends chromium fonts-liberation/);
    assert.match(result.messages[1], /RES_SKIP_BROWSER=1 pnpm test/);
  });

  it('a Linux without apt-get cannot install, even as root', () => {
    const result = plan(machine({ uid: 0 }));
    assert.equal(result.action, 'fail');
    assert.match(result.messages[0], /there is no apt-get/);
  });

  it('macOS: fails with the brew commands', () => {
    const result = plan(machine({ platform: 'darwin', uid: 0, bins: { 'apt-get': '/usr/bin/apt-get' } }));
    assert.equal(result.action, 'fail');
    assert.match(result.messages[0], /this is darwin.*\n {2}macOS: {9}brew install redis/);
    assert.match(result.messages[2], /brew install prometheus/);
    assert.match(result.messages[1], /uses a Linux Chromium/);
  });

  it('a tool that is there but does not run is missing', () => {
    const result = plan(machine({ ...everything, bins: { ...everything.bins, promtool: '/usr/local/bin/promtool' }, uid: 0 }));
    assert.deepEqual(names(result.missing), ['promtool']);
  });

  it('RES_SKIP_BROWSER=1: Chromium is neither looked for nor installed, and is named loudly', () => {
    for (const value of ['1', 'true', 'yes']) {
      const result = plan(machine({ ...everything, files: [], env: { RES_SKIP_BROWSER: value } }));
      assert.equal(result.action, 'none');
      assert.deepEqual(names(result.skipped), ['chromium']);
      assert.match(skippedLine(result.skipped[0]), /^!!! RES_SKIP_BROWSER=1: no chromium, so @res\/mermaid's rendering test .*will NOT run !!!$/);
      assert.match(skippedLine(result.skipped[0], 'did'), /did NOT run !!!$/);
    }
    for (const value of ['', '0', 'false']) {
      assert.deepEqual(names(plan(machine({ ...everything, files: [], uid: 0, env: { RES_SKIP_BROWSER: value } })).missing), ['chromium']);
    }
  });
});

describe('install steps have deadlines', () => {
  it('every step has one, and together they fit well inside CI\'s 90 minutes', () => {
    const total = Object.values(deadlines).reduce((sum, ms) => sum + ms, 0);
    assert.ok(Object.values(deadlines).every((ms) => Number.isInteger(ms) && ms > 0));
    assert.ok(total <= 40 * 60_000, `the deadlines add up to ${total} ms`);
  });

  it('a run stopped at its deadline says so (as Node reports it: an ETIMEDOUT error)', () => {
    const command = [process.execPath, '-e', 'setInterval(() => {}, 1000)'];
    const run = spawnSync(command[0], command.slice(1), { encoding: 'utf8', timeout: 100 });
    assert.equal(run.error?.code, 'ETIMEDOUT');
    assert.equal(runProblem(command, run, 100), `${command.join(' ')} did not finish within 0.1 s and was stopped`);
    assert.equal(runProblem(['apt-get', 'update'], { status: null, signal: 'SIGTERM', error: Object.assign(new Error('spawnSync apt-get ETIMEDOUT'), { code: 'ETIMEDOUT' }) }, 600_000), 'apt-get update did not finish within 10 min and was stopped');
  });

  it('a failed run gives its exit code and the tail of its output; a good one nothing', () => {
    const output = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const problem = runProblem(['apt-get', 'install'], { status: 100, signal: null, stdout: output, stderr: '' }, 1_000);
    assert.match(problem, /^apt-get install failed \(exit 100\):\nline 6\n/);
    assert.match(problem, /line 20$/);
    assert.equal(runProblem(['apt-get', 'update'], { status: 0, signal: null, stdout: '', stderr: '' }, 1_000), undefined);
    assert.equal(runProblem(['nosuch'], { status: null, signal: null, error: new Error('spawnSync nosuch ENOENT') }, 1_000), 'nosuch could not run: spawnSync nosuch ENOENT');
  });
});
