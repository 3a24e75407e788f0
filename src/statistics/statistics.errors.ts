import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../common';

/** von after bis: the period is empty (400, names both parameters) */
export class StatisticsPeriodInvalidError extends DomainError {
  readonly code = 'STATISTICS_PERIOD_INVALID';
  override readonly httpStatus = HttpStatus.BAD_REQUEST;

  constructor(von: string, bis: string) {
    super('von: Der Beginn des Zeitraums liegt nach dem Ende (bis).', { von, bis });
  }
}
