import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators';
import { LagebildDto, LagebildQueryDto } from './statistics.dto';
import { StatisticsService, type Lagebild } from './statistics.service';

/** The Lagebild (issue 6 § 1) as JSON and CSV; quality staff and admins only. */
@ApiTags('statistics')
@Roles('quality', 'admin')
@Controller('api/statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('lagebild')
  @ApiOperation({
    summary: 'Lagebild: stocks at the Stichtag, flows in the period, each with the previous value and trend',
  })
  @ApiOkResponse({ type: LagebildDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED (message names the parameter) or STATISTICS_PERIOD_INVALID',
  })
  @ApiForbiddenResponse({ description: 'not quality staff or admin' })
  lagebild(@Query() query: LagebildQueryDto): Promise<Lagebild> {
    return this.statistics.lagebild(query);
  }

  @Get('lagebild.csv')
  @ApiOperation({
    summary: 'Lagebild as CSV (UTF-8 with BOM, separator ";", German headers, "< 5" for suppressed counts)',
  })
  @ApiProduces('text/csv')
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED or STATISTICS_PERIOD_INVALID' })
  @Header('Cache-Control', 'no-store')
  async csv(@Query() query: LagebildQueryDto, @Res() res: Response): Promise<void> {
    const { fileName, content } = await this.statistics.csv(query);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="${fileName}"`)
      .send(content);
  }
}
