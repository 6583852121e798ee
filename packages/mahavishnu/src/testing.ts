/**
 * @res/mahavishnu/testing: Mahavishnu's failure shapes (see `shared/servers/mahavishnu.json`)
 * as faults in @res/testkit's fault language, plain data with no dependency: pass them to
 * `fakeServer(mahavishnuCatalog, { faults })` or `setFault`.
 *
 * @example
 * import { mahavishnuFaults } from '@res/mahavishnu/testing';
 * server.setFault('pool_execute', mahavishnuFaults.rateLimited(2));
 *
 * @packageDocumentation
 */

/**
 * Mahavishnu's in-band failures (its tools return ad-hoc dicts, never `isError`).
 *
 * @example fakeServer(mahavishnuCatalog, { faults: { get_health: mahavishnuFaults.statusError('OpenSearch query failed') } });
 */
export const mahavishnuFaults = {
  /**
   * The pool quota: `{ status: 'rate_limited', caller_kind, retry_after_seconds, error }`.
   *
   * @example mahavishnuFaults.rateLimited(2); // retry after 2 s
   */
  rateLimited: (retryAfterSeconds: number, callerKind = 'agent') =>
    ({
      type: 'in-band',
      body: { status: 'rate_limited', caller_kind: callerKind, retry_after_seconds: retryAfterSeconds, error: `Rate limit exceeded for caller_kind '${callerKind}'` },
    }) as const,

  /**
   * A failed workflow record (the workflow failed, not the server).
   *
   * @example mahavishnuFaults.workflowFailed('step 2 raised');
   */
  workflowFailed: (error: string, workflowId = 'wf_error_0001') =>
    ({ type: 'in-band', body: { workflow_id: workflowId, status: 'failed', result: { error }, errors: [{ error, type: 'RuntimeError' }] } }) as const,

  /**
   * `{ status: 'error', error }`, the most common shape.
   *
   * @example mahavishnuFaults.statusError('tmux server unavailable');
   */
  statusError: (error: string) => ({ type: 'in-band', body: { status: 'error', error } }) as const,

  /**
   * `{ status: 'failed', error }`: a failed pool or worker operation.
   *
   * @example mahavishnuFaults.statusFailed('worker crashed');
   */
  statusFailed: (error: string) => ({ type: 'in-band', body: { status: 'failed', error } }) as const,

  /**
   * `{ success: false, error }`: the dict tools' failure.
   *
   * @example mahavishnuFaults.successFalse('worker_manager_unconfigured');
   */
  successFalse: (error: string) => ({ type: 'in-band', body: { success: false, error } }) as const,
} as const;
