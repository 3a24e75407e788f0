import { Module } from '@nestjs/common';
import {
  ManualRegisterAdapter,
  REGISTER_ADAPTERS,
  REGISTERS,
  type Register,
  type RegisterAdapter,
} from './register.adapter';
import { RegistersService } from './registers.service';
import { RegistersWorker } from './registers.worker';

/**
 * AZR, BZR, BAMF behind adapters. Only the manual adapter exists: the platform has no access to the
 * federal registers; an automatic adapter replaces the map entry.
 */
@Module({
  providers: [
    {
      provide: REGISTER_ADAPTERS,
      useFactory: (): Map<Register, RegisterAdapter> =>
        new Map(REGISTERS.map((r) => [r, new ManualRegisterAdapter(r)])),
    },
    RegistersService,
    RegistersWorker,
  ],
  exports: [RegistersService],
})
export class RegistersModule {}
