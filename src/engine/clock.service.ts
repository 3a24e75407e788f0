import { Injectable } from '@nestjs/common';
import { berlinDate } from '../common/calendar';
import { ZeebeService } from './zeebe.service';

/**
 * "Now" for the platform's rules: the engine's clock. The embedded engine's clock can be moved (tests
 * and demos move it to let timers fire), and workers that compute a date from "today" must agree with
 * the timers; with a real Zeebe it is the system clock.
 */
@Injectable()
export class ClockService {
  constructor(private readonly zeebe: ZeebeService) {}

  async now(): Promise<Date> {
    const engine = this.zeebe.embeddedEngine;
    return engine ? engine.clock.now() : new Date();
  }

  /** today's date in Europe/Berlin, 'YYYY-MM-DD' */
  async today(): Promise<string> {
    return berlinDate(await this.now());
  }
}
