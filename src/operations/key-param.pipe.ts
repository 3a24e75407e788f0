import { BadRequestException, type PipeTransform } from '@nestjs/common';

const INT64_MAX = 9223372036854775807n;

/** true for a Zeebe key: a positive int64 in decimal */
export function isEngineKey(value: unknown): value is string {
  return typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= INT64_MAX;
}

/**
 * A Zeebe key (int64, decimal) in a route parameter, with a German message naming it:
 * `@Param('key', keyParam('Prozessinstanz')) key: string` → 400 "key: Prozessinstanz – …".
 */
export function keyParam(label: string, name = 'key'): PipeTransform<unknown, string> {
  return {
    transform(value: unknown): string {
      if (!isEngineKey(value)) {
        throw new BadRequestException([
          `${name}: ${label} – die Adresse enthält keinen gültigen Schlüssel (eine positive ganze Zahl).`,
        ]);
      }
      return value;
    },
  };
}
