/**
 * Just enough PromQL reading to check dashboards and alert rules against the metrics
 * this package exports: which series an expression names, and which labels it uses.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricDefinitions, seriesNames, type MetricDefinition } from '../src/index.js';

const known = new Set(seriesNames());

/** Labels each exported series may carry (`le` on histogram buckets). */
const labelsOf = new Map<string, ReadonlySet<string>>();
for (const definition of Object.values(metricDefinitions) as MetricDefinition[]) {
  for (const name of seriesNames('').filter((series) => series.startsWith(definition.name))) {
    const labels = new Set(definition.labelNames);
    if (name.endsWith('_bucket')) labels.add('le');
    labelsOf.set(`res_${name}`, labels);
  }
}
const anyLabel = new Set([...labelsOf.values()].flatMap((labels) => [...labels]));

/** The `res_…` series an expression names. */
export function seriesIn(expr: string): string[] {
  return [...expr.matchAll(/\bres_[a-zA-Z0-9_:]*/g)].map((match) => match[0]);
}

/** What is wrong with an expression's metric and label names (empty: nothing). */
export function problemsIn(expr: string): string[] {
  const problems: string[] = [];
  const names = seriesIn(expr);
  if (names.length === 0) problems.push('references no res_ metric');
  for (const name of names) if (!known.has(name)) problems.push(`unknown metric ${name}`);
  for (const match of expr.matchAll(/\b(res_[a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g)) {
    const allowed = labelsOf.get(match[1]!);
    for (const label of [...match[2]!.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((m) => m[1]!)) {
      if (allowed !== undefined && !allowed.has(label)) problems.push(`${match[1]!} has no label ${label}`);
    }
  }
  for (const match of expr.matchAll(/\b(?:by|on|without|ignoring)\s*\(([^)]*)\)/g)) {
    for (const label of match[1]!.split(',').map((l) => l.trim()).filter(Boolean)) {
      if (!anyLabel.has(label)) problems.push(`grouping by unknown label ${label}`);
    }
  }
  return problems;
}

/**
 * Runs `promtool` (Debian's prometheus package) and returns its output. A missing promtool fails
 * the test, never skips it: `pnpm test` installs it first (scripts/test-services.mjs).
 */
export function promtool(args: readonly string[], cwd?: string): string {
  try {
    return execFileSync('promtool', args, { cwd, encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('promtool was not found: run `node scripts/test-services.mjs` (the first step of `pnpm test`), or apt-get install prometheus / brew install prometheus');
    }
    throw error;
  }
}

/** Runs `promtool check rules` on recording rules made of these expressions; returns its output (throws on failure). */
export function checkSyntax(exprs: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'res-promql-'));
  try {
    const rules = exprs.map((expr, index) => `      - record: res_check:expr_${index}\n        expr: ${JSON.stringify(expr)}\n`).join('');
    const file = join(dir, 'rules.yml');
    writeFileSync(file, `groups:\n  - name: check\n    rules:\n${rules}`);
    return promtool(['check', 'rules', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
