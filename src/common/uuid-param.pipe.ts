import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/**
 * ParseUUIDPipe for a route parameter with a German message naming it, e.g.
 * `@Param('id', uuidParam('Wiedervorlage')) id: string` → 400 "id: Wiedervorlage – …" (VALIDATION_FAILED).
 */
export function uuidParam(label: string, name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new BadRequestException([`${name}: ${label} – die Adresse enthält keine gültige Kennung (UUID).`]),
  });
}
