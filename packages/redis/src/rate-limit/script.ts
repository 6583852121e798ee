import { LuaScript } from '../common/lua-script.js';

/**
 * A token bucket in one atomic step, on Redis's clock (`TIME`), so every process
 * shares one clock and no read-modify-write race exists. The hash holds the tokens
 * left (negative while takers wait for reserved tokens) and when it was last refilled.
 * KEYS: bucket. ARGV: tokens per ms, capacity, maxWait (-1: no limit), 'take' | 'refund'.
 * Replies `taken` + ms to wait (0: now), or `refused` + ms until a token frees.
 * The key expires once the bucket would be full again: an absent key is a full bucket.
 */
export const tokenBucketScript = new LuaScript(
  'token-bucket',
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(bucket[1]) or capacity
local ts = tonumber(bucket[2]) or now
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
  ts = now
end
local wait = 0
if ARGV[4] == 'refund' then
  tokens = math.min(capacity, tokens + 1)
elseif tokens >= 1 then
  tokens = tokens - 1
else
  wait = (1 - tokens) / rate
  if maxWait >= 0 and wait > maxWait then
    return {'refused', string.format('%.3f', wait)}
  end
  tokens = tokens - 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%.3f', ts))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate) + 1000)
return {'taken', string.format('%.3f', wait)}
`,
);
