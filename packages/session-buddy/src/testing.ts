/**
 * @res/session-buddy/testing: Session-Buddy's failure shapes (see
 * `shared/servers/session-buddy.json`) as faults in @res/testkit's fault language, plain data
 * with no dependency: pass them to `fakeServer(sessionBuddyCatalog, { faults })` or `setFault`.
 *
 * @example
 * import { sessionBuddyFaults } from '@res/session-buddy/testing';
 * server.setFault('quick_search', sessionBuddyFaults.operationFailed('Search', 'database is locked'));
 *
 * @packageDocumentation
 */

/**
 * Session-Buddy's in-band failures, which mostly arrive as text in successful results.
 *
 * @example fakeServer(sessionBuddyCatalog, { faults: { checkpoint: sessionBuddyFaults.operationFailed('Checkpoint', 'database is locked') } });
 */
export const sessionBuddyFaults = {
  /**
   * The plain-text failure `❌ <operation> failed: <error>`.
   *
   * @example sessionBuddyFaults.operationFailed('Checkpoint', 'database is locked');
   */
  operationFailed: (operation: string, error: string) => ({ type: 'in-band', body: `❌ ${operation} failed: ${error}` }) as const,

  /**
   * Any text answer, as the tools send it (`❌ Validation error: …`, `⚠️ …`, `… not available …`).
   *
   * @example sessionBuddyFaults.text('❌ Validation error: file_path - must not be empty');
   */
  text: (body: string) => ({ type: 'in-band', body }) as const,

  /**
   * `{ success: false, error }`: the dict tools' failure.
   *
   * @example sessionBuddyFaults.successFalse("Skill 'nope' not found in library");
   */
  successFalse: (error: string) => ({ type: 'in-band', body: { success: false, error } }) as const,
} as const;
