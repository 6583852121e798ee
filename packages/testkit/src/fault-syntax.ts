/**
 * The short fault syntax of the `res-testkit-server --fault tool=<fault>` flag.
 */
import type { Fault } from './faults.js';
import { parseFault } from './fault-validation.js';

const numberOf = (token: string | undefined, what: string, text: string): number => {
  const value = token === undefined || token.trim() === '' ? Number.NaN : Number(token);
  if (Number.isNaN(value)) throw new TypeError(`fault '${text}': ${what} must be a number, got '${token ?? ''}'`);
  return value;
};

const isInteger = (token: string | undefined): boolean => token !== undefined && /^-?\d+$/.test(token);

/**
 * Parses `ok`, `fail[:message]`, `rpc-error:<code>[:message]`, `slow:<ms>[:<fault>]`, `hang`,
 * `in-band:<json>`, `is-error[:text]`, `crash[:<exitCode>]`, `fail-first:<count>[:<fault>]`,
 * `random:<probability>[:<seed>][:<fault>]` (an omitted inner fault is `fail`), or a JSON fault.
 *
 * @example parseFaultSyntax('fail-first:2:crash'); // { type: 'fail-first', count: 2, fault: { type: 'crash' } }
 */
export function parseFaultSyntax(text: string): Fault {
  if (text.trimStart().startsWith('{')) return parseFault(JSON.parse(text) as unknown);
  const [type = '', ...rest] = text.split(':');
  const tail = rest.join(':');
  const inner = (tokens: string[]): Fault => (tokens.length === 0 ? { type: 'fail' } : parseFaultSyntax(tokens.join(':')));
  switch (type) {
    case 'ok':
    case 'hang':
      return { type };
    case 'fail':
      return tail === '' ? { type } : { type, message: tail };
    case 'is-error':
      return tail === '' ? { type } : { type, text: tail };
    case 'rpc-error': {
      const [code, ...message] = rest;
      const fault = { type, code: numberOf(code, 'the code', text) };
      return parseFault(message.length === 0 ? fault : { ...fault, message: message.join(':') });
    }
    case 'slow': {
      const [ms, ...then] = rest;
      const fault = { type, ms: numberOf(ms, 'ms', text) };
      return parseFault(then.length === 0 ? fault : { ...fault, then: parseFaultSyntax(then.join(':')) });
    }
    case 'crash':
      return parseFault(tail === '' ? { type } : { type, exitCode: numberOf(tail, 'the exit code', text) });
    case 'in-band':
      return { type, body: JSON.parse(tail) as unknown };
    case 'fail-first': {
      const [count, ...fault] = rest;
      return parseFault({ type, count: numberOf(count, 'the count', text), fault: inner(fault) });
    }
    case 'random': {
      const [probability, ...more] = rest;
      const seeded = isInteger(more[0]);
      const fault = { type, probability: numberOf(probability, 'the probability', text), fault: inner(seeded ? more.slice(1) : more) };
      return parseFault(seeded ? { ...fault, seed: Number(more[0]) } : fault);
    }
    default:
      throw new TypeError(`fault '${text}': unknown kind '${type}' (ok, fail, rpc-error, slow, hang, in-band, is-error, crash, fail-first, random)`);
  }
}
