import { firstLine, resultText, type ErrorClassifier, type ResultClassifier } from '@res/mcp';

const PREFIX = 'Failed to generate chart: ';
const HTTP_STATUS = /Request failed with status code (\d{3})/;
// axios and node network failures, and an error without a message (e.g. an AggregateError when every address refused).
const NETWORK = /\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|ECONNABORTED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE)\b|socket hang up|timeout of \d+ms exceeded|Network Error|^aborted$|^Unknown error\.?$/;
// A renderer's own success:false message that still reads like an outage, not a verdict on the chart.
const OUTAGE = /\b(?:busy|unavailable|overloaded|internal (?:server )?error|timed? ?out)\b/i;
const SLOW_DOWN = /\b(?:too many requests|rate limit)/i;
const MAP_TOOLS = new Set(['generate_district_map', 'generate_path_map', 'generate_pin_map']);

/**
 * Reads Chart-AntV's JSON-RPC errors. Every failed render is -32603
 * `Failed to generate chart: <reason>`, whether the rendering service is down or rejected
 * the chart, so the reason decides:
 * - `Request failed with status code 429`: a rate limit (no Retry-After reaches us: 1 s);
 * - status 5xx or 408, a network error (`ECONNREFUSED`, `socket hang up`, …), or a reason that
 *   reads like an outage (`busy`, `unavailable`, …): a transient failure, counted and retried;
 * - another 4xx status: a caller error (usually a wrong `VIS_REQUEST_SERVER`);
 * - anything else is the renderer's own `errorMessage` about the chart: a caller error.
 * Other -32603 errors (`Internal server error` from the HTTP transport) keep res's default: a failure.
 *
 * @example classifyChartAntvError({ code: -32603, message: 'Failed to generate chart: Request failed with status code 503' }, { tool: 'generate_line_chart', safety: 'read' }) // { kind: 'failure', … }
 */
export const classifyChartAntvError: ErrorClassifier = ({ code, message }) => {
  if (code !== -32603 || !message.startsWith(PREFIX)) return undefined;
  const reason = message.slice(PREFIX.length);
  const status = Number(HTTP_STATUS.exec(reason)?.[1] ?? NaN);
  if (status === 429) return { kind: 'rate-limit', retryAfter: 1_000, message: 'the rendering service answered 429' };
  if (status >= 500 || status === 408) return { kind: 'failure', message: `the rendering service answered ${status}` };
  if (status >= 400) return { kind: 'caller', message: `the rendering service refused the request (${status}): check VIS_REQUEST_SERVER` };
  if (NETWORK.test(reason)) return { kind: 'failure', message: `the rendering service is unreachable: ${firstLine(reason)}` };
  if (SLOW_DOWN.test(reason)) return { kind: 'rate-limit', retryAfter: 1_000, message: `the rendering service asks to slow down: ${firstLine(reason)}` };
  if (OUTAGE.test(reason)) return { kind: 'failure', message: `the rendering service failed: ${firstLine(reason)}` };
  return { kind: 'caller', message: `the rendering service rejected the chart: ${firstLine(reason)}` };
};

/**
 * Reads Chart-AntV's results. Only the map tools can fail in-band: they pass the remote map
 * service's result through as is, `isError: true` included. Such a result is a failure that is
 * retried (a read) but not counted: it cannot tell the service's outage from its refusal of
 * the places asked for (China only).
 *
 * @example classifyChartAntvResult(result, { tool: 'generate_pin_map', safety: 'read' })
 */
export const classifyChartAntvResult: ResultClassifier = (result, { tool }) => {
  if (result.isError !== true || !MAP_TOOLS.has(tool)) return undefined;
  return { kind: 'failure', counted: false, message: `the map service answered with an error: ${firstLine(resultText(result))}` };
};
