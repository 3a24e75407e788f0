import { Module } from '@nestjs/common';
import { IntakeRegistrationWorker } from './intake-registration.worker';

/** Reception (Empfang / Eingangsregistrierung): its job workers and domain rules. */
@Module({
  providers: [IntakeRegistrationWorker],
})
export class ReceptionModule {}
