/**
 * @res/akosha/testing: Akosha's failure shapes (see `shared/servers/akosha.json`) as faults in
 * @res/testkit's fault language, plain data with no dependency: pass them to
 * `fakeServer(akoshaCatalog, { faults })` or `setFault`.
 *
 * @example
 * import { akoshaFaults } from '@res/akosha/testing';
 * server.setFault('store_memory', akoshaFaults.statusFailed('database is locked'));
 *
 * @packageDocumentation
 */

/**
 * Akosha's in-band failures.
 *
 * @example fakeServer(akoshaCatalog, { faults: { run_fitness_analysis: akoshaFaults.statusError('FitnessAnalyzer not initialized') } });
 */
export const akoshaFaults = {
  /**
   * `{ status: 'error', error }` (fitness, PyCharm; "not initialized … starting up").
   *
   * @example akoshaFaults.statusError('FitnessAnalyzer not initialized. Server may still be starting up.');
   */
  statusError: (error: string) => ({ type: 'in-band', body: { status: 'error', error } }) as const,

  /**
   * `{ status: 'failed', error }` (a store that failed).
   *
   * @example akoshaFaults.statusFailed('primary key conflict');
   */
  statusFailed: (error: string) => ({ type: 'in-band', body: { status: 'failed', error } }) as const,
} as const;
