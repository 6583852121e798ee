import { LuaScript } from '../common/lua-script.js';

// Every script answers with an array of strings. A fleet state travels as
// `version|state|openedAt|by`: version is Redis time in µs (never smaller than the
// last one), so it keeps growing across expiries and restarts, and every replica
// can drop what it already knows.

/**
 * Writes the fleet state, bumps its version and publishes it. KEYS[1] = state.
 * `shard` ('shard' | 'classic'): on a cluster the channel is a shard channel
 * (SPUBLISH, in the slot of the keys), on a single Redis a classic one.
 */
const WRITE = `
local function publish(channel, message, shard)
  if shard == 'shard' then
    redis.call('SPUBLISH', channel, message)
  else
    redis.call('PUBLISH', channel, message)
  end
end
local function subscribers(channel, shard)
  if shard == 'shard' then return redis.call('PUBSUB', 'SHARDNUMSUB', channel)[2] end
  return redis.call('PUBSUB', 'NUMSUB', channel)[2]
end
local function store(v, state, openedAt, by, ttl, channel, shard)
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'state', state, 'openedAt', openedAt, 'version', v, 'by', by)
  redis.call('PEXPIRE', KEYS[1], ttl)
  publish(channel, v .. '|' .. state .. '|' .. openedAt .. '|' .. by, shard)
  return v
end
local function write(state, openedAt, by, ttl, channel, shard)
  local t = redis.call('TIME')
  local v = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local last = tonumber(redis.call('HGET', KEYS[1], 'version') or '0') or 0
  if v <= last then v = last + 1 end
  return store(string.format('%.0f', v), state, openedAt, by, ttl, channel, shard)
end
`;

/**
 * Failures (one, or a batch that happened while the previous report was in flight),
 * counted in one step with the quorum check and the open.
 * KEYS: state, failures, reporters. ARGV: replica, batch id, window, threshold,
 * minReporters, openedAt, stateTtl, channel, count, shard.
 * Replies `open|isolated` + the fleet state when the fleet already decided,
 * `counted` + failures, reporters, quorum, or `opened` + the new fleet state.
 * The fleet is the replicas subscribed to the channel (live connections, so
 * nothing to expire); the quorum is `minReporters`, capped by the fleet's size.
 */
export const failureScript = new LuaScript(
  'failure',
  `${WRITE}
local st = redis.call('HMGET', KEYS[1], 'state', 'openedAt', 'version', 'by')
if st[1] == 'open' or st[1] == 'isolated' then
  return {'fleet', st[3] or '0', st[1], st[2] or '', st[4] or ''}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[3])
local threshold = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
local batch = {}
for i = 1, math.min(tonumber(ARGV[9]), threshold) do
  batch[#batch + 1] = now
  batch[#batch + 1] = ARGV[2] .. '.' .. i
  if #batch == 1000 then
    redis.call('ZADD', KEYS[2], unpack(batch))
    batch = {}
  end
end
if #batch > 0 then redis.call('ZADD', KEYS[2], unpack(batch)) end
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(threshold + 1))
redis.call('PEXPIRE', KEYS[2], window)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window)
redis.call('ZADD', KEYS[3], now, ARGV[1])
redis.call('PEXPIRE', KEYS[3], window)
local failures = redis.call('ZCARD', KEYS[2])
local reporters = redis.call('ZCARD', KEYS[3])
local fleet = subscribers(ARGV[8], ARGV[10])
local quorum = math.min(tonumber(ARGV[5]), math.max(fleet, 1))
if failures < threshold or reporters < quorum then
  return {'counted', tostring(failures), tostring(reporters), tostring(quorum)}
end
local v = write('open', ARGV[6], ARGV[1], ARGV[7], ARGV[8], ARGV[10])
redis.call('DEL', KEYS[2], KEYS[3])
return {'fleet', v, 'open', ARGV[6], ARGV[1]}
`,
);

/**
 * A replica's own transition, made fleet-wide when it is one: a probe's outcome
 * (half-open -> closed / open, the latter only from the lease holder while the fleet
 * is open), `reset()` (-> closed; an isolated fleet only from an isolated replica) and
 * `isolate()`. A local open below quorum is not one.
 * KEYS: state, probe, failures, reporters. ARGV: to, from, openedAt, replica, stateTtl, channel, shard.
 * Replies `written` + the new fleet state, or `ignored`.
 */
export const transitionScript = new LuaScript(
  'transition',
  `${WRITE}
local cur = redis.call('HGET', KEYS[1], 'state') or 'closed'
local to = ARGV[1]
if to == 'open' then
  if ARGV[2] ~= 'half-open' or cur ~= 'open' or redis.call('GET', KEYS[2]) ~= ARGV[4] then return {'ignored'} end
elseif to == 'closed' then
  if cur == 'closed' or (cur == 'isolated' and ARGV[2] ~= 'isolated') then return {'ignored'} end
elseif to == 'isolated' then
  if cur == 'isolated' then return {'ignored'} end
else
  return {'ignored'}
end
local openedAt = ''
if to == 'open' then openedAt = ARGV[3] end
local v = write(to, openedAt, ARGV[4], ARGV[5], ARGV[6], ARGV[7])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
return {'fleet', v, to, openedAt, ARGV[4]}
`,
);

/**
 * May this replica send a half-open trial? Granted when the fleet is not open (the
 * replica's own breaker decides) or when it holds, or now takes, the probe lease.
 * KEYS: state, probe. ARGV: replica, lease ms, the fleet version the replica knows.
 * Replies `granted`, `refused` + the lease's remaining ms, or `fleet` + a fleet state
 * newer than the replica's (it applies that instead of probing).
 */
export const trialScript = new LuaScript(
  'trial',
  `
local st = redis.call('HMGET', KEYS[1], 'state', 'openedAt', 'version', 'by')
if st[1] ~= 'open' and st[1] ~= 'isolated' then return {'granted'} end
if tonumber(st[3]) > tonumber(ARGV[3]) or st[1] == 'isolated' then
  return {'fleet', st[3], st[1], st[2] or '', st[4] or ''}
end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then
  return {'refused', tostring(redis.call('PTTL', KEYS[2]))}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return {'granted'}
`,
);

/**
 * Re-derives a fleet state Redis lost (a failover that promoted a replica before it had
 * the write, or a restart without persistence) from a replica that still holds it:
 * written back with its own version, only when Redis holds nothing newer, and published.
 * KEYS: state. ARGV: version, state, openedAt, by, stateTtl, channel, shard.
 * Replies `written`, or `fleet` + the newer state Redis holds.
 */
export const restoreScript = new LuaScript(
  'restore',
  `${WRITE}
local st = redis.call('HMGET', KEYS[1], 'state', 'openedAt', 'version', 'by')
if (tonumber(st[3]) or 0) >= tonumber(ARGV[1]) then
  return {'fleet', st[3], st[1], st[2] or '', st[4] or ''}
end
store(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
return {'written'}
`,
);
