import { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../../config/app.config';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * Field names that may carry personal data or secrets. Logs carry only keys, ids and types: such
 * fields are replaced by "[redacted]" whatever their value.
 */
const FORBIDDEN_FIELD =
  /(name|vorname|nachname|birth|geburt|address|adresse|street|strasse|email|mail|phone|telefon|nationality|staatsangehoerigkeit|passport|pass|iban|variables|payload|body|content|password|secret|token|authorization|cookie|comment|note)/i;

/** ids and keys are allowed even when their name contains a forbidden word (e.g. "formName" is not) */
const ALLOWED_FIELD =
  /(^|_)(id|key|type|code|kind|count|version|status|state|ms|port|context)$|(Id|Key|Type|Code|Kind|Count|Version|Ms)$|^(resource|file|process|element|host|job|table|entity|module|class|method|signal|event|worker)Name$|^(grpc|engine|listen)Address$/;

/** a network endpoint (host:port) is not a postal address */
const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;

export type LogFields = Record<string, unknown>;
export type LogSink = (line: string) => void;

export interface LogRecord {
  time: string;
  level: LogLevel;
  context?: string;
  msg: string;
  fields?: LogFields;
}

function sanitizeValue(value: unknown, depth: number): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { type: value.name, ...(code !== undefined ? { code: sanitizeValue(code, depth + 1) } : {}) };
  }
  if (depth >= 3) return '[object]';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => sanitizeValue(v, depth + 1));
  if (typeof value === 'object') return sanitizeFields(value as LogFields, depth + 1);
  return `[${typeof value}]`;
}

/** Drops values of fields that may hold personal data; keeps ids, keys, types and counts. */
/** the context Nest logs start-up (dependency injection) failures with */
const NEST_STARTUP_CONTEXT = 'ExceptionHandler';

export function sanitizeFields(fields: LogFields, depth = 0): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    const endpoint = key === 'address' && typeof value === 'string' && HOST_PORT.test(value);
    if (FORBIDDEN_FIELD.test(key) && !ALLOWED_FIELD.test(key) && !endpoint) {
      out[key] = '[redacted]';
    } else {
      out[key] = sanitizeValue(value, depth);
    }
  }
  return out;
}

/**
 * Structured logger: one JSON object per line (time, level, context, msg, fields) on stdout.
 * Messages must be constant texts; variable data goes into fields, which are sanitized.
 */
export class JsonLogger implements LoggerService {
  private static sink: LogSink = (line) => process.stdout.write(`${line}\n`);

  constructor(
    private level: LogLevel = 'info',
    private readonly defaultContext?: string,
    private readonly sink?: LogSink,
  ) {}

  /** redirect output (tests) */
  static setSink(sink: LogSink): void {
    JsonLogger.sink = sink;
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  child(context: string): JsonLogger {
    return new JsonLogger(this.level, context, this.sink);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  /** structured form: msg is constant text, fields carry ids/keys/types */
  info(msg: string, fields?: LogFields): void {
    this.emit('info', msg, this.defaultContext, fields);
  }

  emit(level: LogLevel, msg: string, context?: string, fields?: LogFields): void {
    if (RANK[level] > RANK[this.level]) return;
    const ctx = context ?? this.defaultContext;
    const record: LogRecord = {
      time: new Date().toISOString(),
      level,
      ...(ctx ? { context: ctx } : {}),
      msg,
    };
    if (fields && Object.keys(fields).length > 0) record.fields = sanitizeFields(fields);
    (this.sink ?? JsonLogger.sink)(JSON.stringify(record));
  }

  /**
   * Nest's LoggerService convention: (message, ...optionalParams) where the last string param is the
   * context and, for error(), a string before it may be a stack trace. A plain object param is taken
   * as fields.
   */
  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (RANK[level] > RANK[this.level]) return;
    const params = [...rest];
    let context: string | undefined;
    if (params.length > 0 && typeof params[params.length - 1] === 'string') {
      context = params.pop() as string;
    }
    const fields: LogFields = {};
    for (const p of params) {
      if (p instanceof Error) fields.error = p;
      else if (typeof p === 'string')
        fields.stack = level === 'error' && this.level === 'debug' ? stackFrames(p) : undefined;
      else if (p && typeof p === 'object') Object.assign(fields, p);
    }
    if (fields.stack === undefined) delete fields.stack;
    let msg: string;
    if (message instanceof Error) {
      msg = message.name;
      fields.error = message;
      // Nest's own start-up failures (missing provider, bad module) hold no personal data: their
      // message is what an operator needs to fix the start
      if (context === NEST_STARTUP_CONTEXT) fields.cause = message.message.split('\n')[0].slice(0, 300);
    } else if (typeof message === 'string') {
      msg = message;
    } else if (message && typeof message === 'object') {
      msg = typeof (message as { msg?: unknown }).msg === 'string' ? (message as { msg: string }).msg : '';
      Object.assign(fields, message);
      delete fields.msg;
    } else {
      msg = String(message);
    }
    this.emit(level, msg, context, fields);
  }
}

/**
 * Only the frames of a stack trace ("    at …" lines): its first line repeats the error's message, which
 * may carry personal data (a name in a validation message, say).
 */
export function stackFrames(stack: string): string | undefined {
  const frames = stack.split('\n').filter((line) => /^\s*at /.test(line));
  return frames.length > 0 ? frames.join('\n') : undefined;
}
