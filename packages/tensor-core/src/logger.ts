/** Verbosity levels, from quietest to loudest. */
export type LogLevel = "silent" | "warn" | "info" | "debug";

const LEVELS: Record<LogLevel, number> = { silent: 0, warn: 1, info: 2, debug: 3 };

/** Where log records go; the CLI and the playground install their own sink. */
export type LogSink = (level: Exclude<LogLevel, "silent">, message: string) => void;

function levelFromEnvironment(): LogLevel {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.MYELIN_LOG_LEVEL;
  return value && value in LEVELS ? (value as LogLevel) : "warn";
}

let level: LogLevel = levelFromEnvironment();
let sink: LogSink | null = null;
const warnedOnce = new Set<string>();

/** Sets how much Myelin reports (default "warn", or `MYELIN_LOG_LEVEL`). */
export function setLogLevel(next: LogLevel): void {
  level = next;
}

export function getLogLevel(): LogLevel {
  return level;
}

/**
 * Routes Myelin's messages. The library never prints by itself: without a sink,
 * messages are kept for {@link recentLogs} only.
 */
export function setLogSink(next: LogSink | null): void {
  sink = next;
}

const recent: { level: string; message: string }[] = [];

/** The last 100 messages, for tests and for apps that attach a sink late. */
export function recentLogs(): readonly { level: string; message: string }[] {
  return recent;
}

export function log(at: Exclude<LogLevel, "silent">, message: string): void {
  if (LEVELS[at] > LEVELS[level]) {
    return;
  }
  recent.push({ level: at, message });
  if (recent.length > 100) {
    recent.shift();
  }
  sink?.(at, message);
}

/** Warns once per distinct `key` for the life of the process. */
export function warnOnce(key: string, message: string): void {
  if (warnedOnce.has(key)) {
    return;
  }
  warnedOnce.add(key);
  log("warn", message);
}
