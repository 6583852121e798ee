import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { problemsIn, promtool } from './promql.js';

interface Rule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const folder = new URL('../../../observability/prometheus/', import.meta.url);
const file = fileURLToPath(new URL('alerts.yml', folder));
const rules = (parse(readFileSync(file, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((group) => group.rules);
const runbook = readFileSync(new URL('../../../docs/runbook.md', import.meta.url), 'utf8');

describe('observability/prometheus/alerts.yml', () => {
  it('has the four alerts the runbook promises (and an isolation reminder)', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(['ResBreakerOpen', 'ResBreakerFlapping', 'ResBreakerIsolated', 'ResRetryRateHigh', 'ResLatencyP99High']);
  });

  it('names only metrics and labels @res/prometheus exports', () => {
    for (const rule of rules) expect(problemsIn(rule.expr), rule.alert).toEqual([]);
  });

  it('gives each alert a severity, a summary and a runbook section that exists', () => {
    for (const rule of rules) {
      expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      const anchor = /^docs\/runbook\.md#(.+)$/.exec(rule.annotations?.runbook_url ?? '')?.[1];
      expect(anchor, rule.alert).toBe(rule.alert?.toLowerCase());
      expect(runbook, rule.alert).toContain(`## ${rule.alert ?? ''}`);
    }
  });

  it('passes promtool check rules and its unit tests (alerts.test.yml)', () => {
    const cwd = fileURLToPath(folder);
    expect(promtool(['check', 'rules', 'alerts.yml'], cwd)).toContain('SUCCESS: 5 rules found');
    expect(promtool(['test', 'rules', 'alerts.test.yml'], cwd)).toContain('SUCCESS');
  });
});
