/**
 * ANSI colours, or none: every rendering takes a {@link Paint} so the same code produces
 * the coloured terminal output and the plain text of logs and tests.
 */
import type { CircuitState } from '@res/mcp';

type Style = (text: string) => string;

/** The styles the demo uses. */
export interface Paint {
  bold: Style;
  dim: Style;
  red: Style;
  green: Style;
  yellow: Style;
  magenta: Style;
  /** A breaker state in its colour: closed green, half-open yellow, open red, isolated magenta. */
  state(state: CircuitState, text?: string): string;
}

const sgr = (open: number, close: number): Style => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Style = (text) => text;

/**
 * ANSI styles when `color` is true, identity functions otherwise.
 *
 * @example paint(false).state('open'); // 'open'
 */
export function paint(color: boolean): Paint {
  const styles = color
    ? { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39), magenta: sgr(35, 39) }
    : { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, magenta: plain };
  const byState: Record<CircuitState, Style> = { closed: styles.green, 'half-open': styles.yellow, open: styles.red, isolated: styles.magenta };
  return { ...styles, state: (state, text = state) => byState[state](text) };
}

/** Removes ANSI escape sequences (for widths and tests). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching the escape character is the point
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
