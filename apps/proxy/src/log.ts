/** Logs to stderr only (stdout carries the protocol). One line each, never arguments or credentials. */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

/**
 * A stderr logger; `quiet` keeps errors only.
 *
 * @example const logger = stderrLogger(); logger.info('connected'); // 2026-01-01T00:00:00.000Z res-proxy info connected
 */
export function stderrLogger(quiet = false): Logger {
  const write = (level: string, message: string): void => {
    process.stderr.write(`${new Date().toISOString()} res-proxy ${level} ${message}\n`);
  };
  return {
    info: (message) => {
      if (!quiet) write('info', message);
    },
    error: (message) => {
      write('error', message);
    },
  };
}
