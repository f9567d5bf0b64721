import { redactText } from '../errors/redact.js';
import { TogetherError } from '../errors/together-error.js';

/** How much the SDK logs: nothing, errors, warnings (default), each call (`info`) or each attempt (`debug`). */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Where logs go; `console` fits. Each method receives one message and optional details. */
export interface Logger {
  error(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
}

const LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** True when `value` names a log level. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/** Parses a log level from an option or `TOGETHER_LOG`, naming the allowed values when it is wrong. */
export function parseLogLevel(value: unknown, source: string): LogLevel {
  if (isLogLevel(value)) return value;
  throw new TogetherError(
    `${source} must be one of ${LEVELS.map((level) => `'${level}'`).join(', ')}; got ${JSON.stringify(value)}`,
  );
}

/**
 * A logger that drops messages above `level` and redacts secrets from everything it passes on:
 * the API key, `Authorization` values and the query strings of URLs (signed storage URLs carry their signature there).
 */
export function createLogger(options: {
  level: LogLevel;
  logger?: Logger | undefined;
  secrets: string[];
}): Logger {
  const target = options.logger ?? console;
  const limit = LEVELS.indexOf(options.level);
  const redact = createRedactor(options.secrets);
  const method =
    (name: Exclude<LogLevel, 'off'>) =>
    (message: string, ...details: unknown[]) => {
      if (LEVELS.indexOf(name) > limit) return;
      target[name](redact(message) as string, ...details.map(redact));
    };
  return { error: method('error'), warn: method('warn'), info: method('info'), debug: method('debug') };
}

/** Returns a function that redacts secrets from strings, errors and plain records (deeply). */
export function createRedactor(secrets: string[]): (value: unknown) => unknown {
  const known = secrets.filter((secret) => secret.length >= 4);
  const text = (value: string): string => redactText(value, known);
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (value instanceof Error) return text(`${value.name}: ${value.message}`);
    if (depth > 4 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      result[key] = /^(authorization|x-api-key|api[-_]?key)$/i.test(key)
        ? '[redacted]'
        : walk(item, depth + 1);
    }
    return result;
  };
  return (value) => walk(value, 0);
}
