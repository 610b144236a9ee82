import { pino, type Logger as PinoLogger } from "pino";
import pretty from "pino-pretty";

export const LOG_FORMATS = ["json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * The host's logger: JSON lines (what log collectors read), or, for a person at a terminal, one
 * readable line per event with the local time. Written synchronously either way, so the last lines
 * before an exit are never lost.
 */
export function createLogger(app: string, level: string, format: LogFormat): PinoLogger {
  if (format === "json") return pino({ base: { app }, level, timestamp: pino.stdTimeFunctions.isoTime });
  return pino({ base: { app }, level }, pretty({ colorize: true, sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" }));
}
