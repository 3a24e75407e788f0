import { ValidationPipe } from '@nestjs/common';

/** The one global ValidationPipe: validate every request DTO at the edge, once. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
}
