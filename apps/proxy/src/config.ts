import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The longest duration a timer can hold (2^31 - 1 ms, about 24.8 days): a longer one would fire at once. */
export const MAX_MS = 2_147_483_647;
const count = z.number().int().min(1);
const ms = z.number().min(0).max(MAX_MS);
const positiveMs = z.number().positive().max(MAX_MS);
// RFC 9110 token characters.
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'not a valid header name (letters, digits and !#$%&\'*+.^_`|~- only)' });
// The value is never quoted back: it may be a credential.
const headerValue = z.string({ error: 'expected a string (value not shown)' }).refine((value) => !/[\r\n\0]/.test(value), { error: 'must not contain CR, LF or NUL (value not shown)' });
const url = z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' }).refine((value) => {
  const parsed = new URL(value);
  return parsed.username === '' && parsed.password === '';
}, { error: 'must not carry credentials (user:password@): pass them in headers, e.g. Authorization' });
const rate = z.number().min(0).max(1);

/** The policies beyond breaker and retry (DESIGN §3): the JSON-able part of `@res/mcp`'s options. */
const hedgeSchema = z.union([
  z.literal(false),
  z
    .object({
      maxHedges: count,
      delay: z.union([ms, z.object({ percentile: z.number().gt(0).max(1), window: positiveMs, refresh: positiveMs, min: ms }).partial().strict()]),
    })
    .partial()
    .strict(),
]);
const beyondShape = {
  retryBudget: z.union([z.literal(false), z.object({ ratio: z.number().gt(0).max(1), minPerSecond: z.number().min(0), ttl: positiveMs }).partial().strict()]),
  hedge: hedgeSchema,
  concurrency: z.union([
    z.literal('adaptive'),
    z.object({ algorithm: z.enum(['aimd', 'gradient2']), initial: count, min: count, max: count, queue: z.number().int().min(0) }).partial().strict(),
  ]),
  throttle: z.object({ k: z.number().gt(0), window: positiveMs, buckets: count, maxRejectProbability: rate }).partial().strict(),
  chaos: z
    .object({
      fault: z.object({ rate, kind: z.enum(['transport', 'timeout', 'protocol']).optional() }).strict(),
      latency: z.object({ rate, ms }).strict(),
      enabled: z.boolean(),
    })
    .partial()
    .strict(),
};

const policySchema = z
  .object({
    timeout: positiveMs,
    connectTimeout: positiveMs,
    failureThreshold: count,
    window: z.union([
      z.object({ size: count.max(1_000_000), failureRate: z.number().gt(0).max(1), minimumCalls: count.optional() }).strict(),
      z.object({ duration: positiveMs, failureRate: z.number().gt(0).max(1), minimumCalls: count.optional() }).strict(),
    ]),
    recoveryTimeout: ms,
    halfOpenMaxCalls: count,
    successThreshold: count,
    maxAttempts: count,
    backoff: z.enum(['fixed', 'linear', 'exponential']),
    baseDelay: ms,
    factor: z.number().min(1),
    maxDelay: ms,
    jitter: z.enum(['none', 'full', 'equal', 'decorrelated']),
    maxElapsed: ms,
    bulkhead: z.object({ limit: count, queue: z.number().int().min(0).optional() }).strict(),
    rateLimit: z.object({ tokens: count, interval: positiveMs, burst: count.optional(), maxWait: ms.optional() }).strict(),
    breakerScope: z.enum(['server', 'tool']),
    ...beyondShape,
    maxPages: count,
    restartAfterTimeouts: count,
    maxTools: count,
  })
  .partial()
  .strict();

const toolSchema = z
  .object({
    safety: z.enum(['read', 'idempotent', 'unsafe']),
    timeout: positiveMs,
    retry: z.union([z.literal(false), policySchema.pick({ maxAttempts: true, backoff: true, baseDelay: true, factor: true, maxDelay: true, jitter: true, maxElapsed: true })]),
    fallback: z.union([
      z.literal('cache'),
      z.object({ cache: z.literal(true), maxEntries: count.optional(), maxAge: ms.optional() }).strict(),
    ]),
    hedge: hedgeSchema,
  })
  .partial()
  .strict();

/**
 * The options of `res.json` (and of the command line, which overrides the file).
 *
 * @example const result = proxyConfigSchema.safeParse(JSON.parse(text)); // zod: result.success, result.error.issues
 */
export const proxyConfigSchema = z
  .object({
    /** A shipped adapter whose catalog, presets and classifier to use. */
    server: z.string().min(1),
    /** The label in logs, health and metrics (default: the adapter's name or the command's base name). */
    name: z.string().min(1),
    preset: z.string().min(1),
    policy: policySchema,
    tools: z.record(z.string(), toolSchema),
    url,
    headers: z.record(headerName, headerValue),
    command: z.string().min(1),
    args: z.array(z.string()),
    cwd: z.string(),
    healthTool: z.boolean(),
    adminTool: z.boolean(),
    metricsPort: z.number().int().min(0).max(65_535),
    metricsHost: z.string().min(1),
    quiet: z.boolean(),
    /** `[HOST:]PORT`: serve streamable HTTP at /mcp instead of stdio. */
    listen: z.string().min(1),
    /** The environment variable holding the bearer token the HTTP front requires. */
    authTokenEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  })
  .partial()
  .strict();

/** The proxy's options, validated. */
export type ProxyConfig = z.infer<typeof proxyConfigSchema>;

/**
 * Validates options, naming every bad field: `policy.maxAttempts: Too small: expected number to be >=1`.
 *
 * @example const config = parseConfig({ preset: 'local', policy: { maxAttempts: 2 } }, 'res.json');
 */
export function parseConfig(value: unknown, source: string): ProxyConfig {
  const parsed = proxyConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, []));
  throw new ConfigError(`${source} is not valid:\n${problems.join('\n')}`);
}

/**
 * One line per problem, `  path: what is expected`. A union (`window`, a tool's `retry`, `fallback`)
 * reports the branch that came closest, so the message says what is expected, not "Invalid input".
 */
function describeIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[]): string[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
    if (closest.length > 0) return closest.flatMap((inner) => describeIssue(inner, path));
  }
  const where = path.map(String).join('.');
  return [`  ${where === '' ? '(root)' : where}: ${issue.message}`];
}

/**
 * Reads and validates a `res.json` file.
 *
 * @example const config = readConfigFile('./res.json'); // throws ConfigError naming each bad field
 */
export function readConfigFile(path: string): ProxyConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error: unknown) {
    throw new ConfigError(`cannot read --config ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    // Only where: the parser's own message quotes the text around the error, which may be a token.
    throw new ConfigError(`--config ${path} is not JSON${jsonErrorPlace(text, error)}`);
  }
  return parseConfig(value, path);
}

function jsonErrorPlace(text: string, error: unknown): string {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (position === null) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/**
 * A bad option: printed to stderr, exit code 2, before anything starts.
 *
 * @example catch (error) { if (error instanceof ConfigError) { console.error(error.message); process.exitCode = 2; } }
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
