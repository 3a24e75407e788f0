export { DomainError, NotFoundError, ConflictError } from './errors/domain.error';
export { GlobalExceptionFilter, CORRELATION_HEADER } from './filters/global-exception.filter';
export { JsonLogger, sanitizeFields, type LogFields, type LogSink } from './logging/json-logger';
export { createValidationPipe } from './validation';
