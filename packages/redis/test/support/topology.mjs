// Real Redis topologies for the tests and the bench, on 127.0.0.1 and free ports: a
// Redis Cluster (3 masters, 3 replicas, made with `redis-cli --cluster create`) and a
// master + replica watched by 3 sentinels. Every process started here is killed by
// `stop()`, or at exit at the latest (redis-server.mjs tracks them).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort, redisCliBin, startRedis } from './redis-server.mjs';

/** @param {number} port */
function admin(port) {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: true });
  redis.on('error', () => undefined);
  return redis;
}

/** Runs `command` on the node at `port`; `undefined` if it does not answer. @param {number} port @param {string[]} command */
export async function ask(port, ...command) {
  const redis = admin(port);
  try {
    await redis.connect();
    return await redis.call(command[0], ...command.slice(1));
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

/** @param {string} what @param {() => Promise<boolean>} check @param {number} timeout */
export async function until(what, check, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** @param {import('./redis-server.mjs').RedisServer[]} servers @param {string} dir */
async function teardown(servers, dir) {
  await Promise.all(servers.map((server) => server.kill()));
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A Redis Cluster: `masters` masters with one replica each, a short `cluster-node-timeout`
 * (a dead master is replaced within a few seconds). Resolves once every node sees the
 * cluster `ok` and every replica is in sync.
 * @param {{ masters?: number, nodeTimeout?: number }} [options]
 */
export async function startCluster({ masters = 3, nodeTimeout = 1_000 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'res-redis-cluster-'));
  /** @type {import('./redis-server.mjs').RedisServer[]} */
  const nodes = [];
  try {
    const args = async (/** @type {number} */ port) => [
      '--cluster-enabled', 'yes',
      '--cluster-config-file', path.join(dir, `nodes-${port}.conf`),
      '--cluster-node-timeout', String(nodeTimeout),
      '--cluster-port', String(await freePort()), // the default (port + 10000) may be taken, or above 65535
      '--cluster-replica-validity-factor', '0', // a replica always takes over, however long it was cut off
      '--dir', dir,
    ];
    nodes.push(...(await Promise.all(Array.from({ length: masters * 2 }, () => startRedis({ args })))));
    await new Promise((resolve, reject) => {
      const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
      execFile(redisCliBin(), ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes'], (error, stdout, stderr) => {
        if (error) reject(new Error(`redis-cli --cluster create failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve(stdout);
      });
    });
    await until('the cluster to be ok on every node', async () => {
      for (const node of nodes) {
        const info = String(await ask(node.port, 'CLUSTER', 'INFO'));
        if (!info.includes('cluster_state:ok') || !info.includes(`cluster_known_nodes:${nodes.length}`)) return false;
      }
      for (const node of nodes) {
        const replication = String(await ask(node.port, 'INFO', 'replication'));
        if (replication.includes('role:slave') && !replication.includes('master_link_status:up')) return false;
      }
      return true;
    });
  } catch (error) {
    await teardown(nodes, dir);
    throw error;
  }
  return {
    nodes,
    startupNodes: nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
    /** The master serving `slot` now, as a node that answers sees it. @param {number} slot */
    async masterOf(slot) {
      for (const node of nodes) {
        const ranges = /** @type {[number, number, [string, number]][] | undefined} */ (await ask(node.port, 'CLUSTER', 'SLOTS'));
        const range = ranges?.find(([from, to]) => slot >= from && slot <= to);
        if (range !== undefined) return nodes.find((n) => n.port === Number(range[2][1]));
      }
      return undefined;
    },
    /** The node replicating the master at `port`. @param {number} port */
    async replicaOf(port) {
      const lines = String(await ask(port, 'CLUSTER', 'NODES')).split('\n');
      const id = lines.find((line) => line.includes('myself'))?.split(' ')[0];
      const replica = lines.find((line) => line.split(' ')[3] === id);
      const address = replica?.split(' ')[1]?.split('@')[0];
      return nodes.find((node) => `127.0.0.1:${node.port}` === address);
    },
    /** Resolves once `slot` is served by a master other than `port` and the cluster is ok again. @param {number} slot @param {number} port */
    async failedOver(slot, port) {
      await until(`slot ${slot} to fail over from ${port}`, async () => {
        const master = await this.masterOf(slot);
        if (master === undefined || master.port === port) return false;
        return String(await ask(master.port, 'CLUSTER', 'INFO')).includes('cluster_state:ok');
      });
    },
    stop: () => teardown(nodes, dir),
  };
}

/**
 * A master, one replica and 3 sentinels (quorum 2) watching them as `name`, with a short
 * `down-after-milliseconds`. Resolves once every sentinel knows the replica and the others.
 * @param {{ name?: string, downAfter?: number }} [options]
 */
export async function startSentinels({ name = 'res', downAfter = 1_000 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'res-redis-sentinel-'));
  /** @type {import('./redis-server.mjs').RedisServer[]} */
  const servers = [];
  try {
    const master = await startRedis();
    servers.push(master);
    const replica = await startRedis({ args: () => ['--replicaof', '127.0.0.1', String(master.port)] });
    servers.push(replica);
    await until('the replica in sync', async () => String(await ask(replica.port, 'INFO', 'replication')).includes('master_link_status:up'));
    const sentinelArgs = (/** @type {number} */ port) => {
      const file = path.join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        file,
        [
          `port ${port}`, 'bind 127.0.0.1', `dir ${dir}`,
          `sentinel monitor ${name} 127.0.0.1 ${master.port} 2`,
          `sentinel down-after-milliseconds ${name} ${downAfter}`,
          `sentinel failover-timeout ${name} ${downAfter * 3}`,
          `sentinel parallel-syncs ${name} 1`, '',
        ].join('\n'),
      );
      return [file, '--sentinel'];
    };
    const sentinels = await Promise.all([0, 1, 2].map(() => startRedis({ args: sentinelArgs, sentinel: true })));
    servers.push(...sentinels);
    await until('the sentinels to know each other and the replica', async () => {
      for (const sentinel of sentinels) {
        const fields = /** @type {string[] | undefined} */ (await ask(sentinel.port, 'SENTINEL', 'MASTER', name));
        if (fields === undefined) return false;
        const info = Object.fromEntries(fields.flatMap((value, i) => (i % 2 === 0 ? [[value, fields[i + 1]]] : [])));
        if (info['num-slaves'] !== '1' || info['num-other-sentinels'] !== '2') return false;
      }
      return true;
    });
    return {
      name,
      master,
      replica,
      sentinels: sentinels.map((sentinel) => ({ host: '127.0.0.1', port: sentinel.port })),
      /** Resolves once the sentinels name the replica as the master. */
      async failedOver() {
        await until('the sentinels to promote the replica', async () => {
          const address = /** @type {string[] | undefined} */ (await ask(sentinels[0].port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name));
          return address?.[1] === String(replica.port) && String(await ask(replica.port, 'INFO', 'replication')).includes('role:master');
        });
      },
      stop: () => teardown(servers, dir),
    };
  } catch (error) {
    await teardown(servers, dir);
    throw error;
  }
}
