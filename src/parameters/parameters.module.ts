import { Module } from '@nestjs/common';
import { ParametersService } from './parameters.service';

/** Versioned parameters ([local]/[?] values, rates that change): src/parameters. */
@Module({
  providers: [ParametersService],
  exports: [ParametersService],
})
export class ParametersModule {}
