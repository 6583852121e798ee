import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSyntax, problemsIn } from './promql.js';

interface Target { expr: string }
interface Panel { type: string; title: string; targets?: Target[]; panels?: Panel[] }
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: unknown; definition?: string }[] };
}

const dashboard = JSON.parse(readFileSync(new URL('../../../observability/grafana/res-dashboard.json', import.meta.url), 'utf8')) as Dashboard;
const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
const exprs = panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));

describe('observability/grafana/res-dashboard.json', () => {
  it('has queries, and each names only metrics and labels @res/prometheus exports', () => {
    expect(exprs.length).toBeGreaterThan(10);
    for (const { panel, expr } of exprs) expect(problemsIn(expr), `${panel}: ${expr}`).toEqual([]);
  });

  it('has a server variable fed by the package’s metrics, used by every query', () => {
    const server = dashboard.templating.list.find((variable) => variable.name === 'server');
    expect(server?.type).toBe('query');
    expect(problemsIn(server?.definition ?? '')).toEqual([]);
    for (const { panel, expr } of exprs) expect(expr, panel).toContain('server=~"$server"');
  });

  it('shows breaker states as a timeline, calls by outcome, retries, p50/p95/p99 and rejections', () => {
    const timeline = panels.find((panel) => panel.type === 'state-timeline');
    expect(timeline?.targets?.[0]?.expr).toContain('res_breaker_state');
    const all = exprs.map(({ expr }) => expr).join('\n');
    expect(all).toContain('sum by (outcome) (rate(res_calls_total');
    expect(all).toContain('rate(res_retries_total');
    for (const quantile of ['0.5', '0.95', '0.99']) expect(all).toContain(`histogram_quantile(${quantile}, sum by (server, le) (rate(res_call_duration_seconds_bucket`);
    expect(all).toContain('sum by (server, reason) (rate(res_rejections_total');
  });

  it('shows the retry budget, hedges sent and won, the adaptive limit, the throttle probability and chaos', () => {
    const all = exprs.map(({ expr }) => expr).join('\n');
    for (const name of ['res_retry_budget_balance', 'res_retry_budget_refusals_total', 'res_hedges_total', 'res_hedge_wins_total', 'res_concurrency_limit', 'res_throttle_probability', 'res_chaos_injected_total']) {
      expect(all).toContain(name);
    }
  });

  it('parses as PromQL (promtool)', () => {
    const concrete = exprs.map(({ expr }) => expr.replaceAll('$server', '.*').replaceAll('$__rate_interval', '5m'));
    expect(checkSyntax(concrete)).toContain(`SUCCESS: ${concrete.length} rules found`);
  });
});
