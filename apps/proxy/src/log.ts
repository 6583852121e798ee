import { oneLine, type Redactor } from '@res/mcp';

/** Logs to stderr only (stdout carries the protocol). One line each, never arguments or credentials. */
export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

/**
 * A stderr logger; `quiet` keeps errors only. Every message is cut to one line of at most
 * 1,000 characters (a server's text can never forge a log line) and passed through `redact`
 * (the upstream's header, env and URL credential values).
 *
 * @example const logger = stderrLogger(); logger.info('connected'); // 2026-01-01T00:00:00.000Z res-proxy info connected
 */
export function stderrLogger(quiet = false, redact: Redactor = oneLine): Logger {
  const write = (level: string, message: string): void => {
    process.stderr.write(`${new Date().toISOString()} res-proxy ${level} ${redact(oneLine(message, 4_000))}\n`);
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
