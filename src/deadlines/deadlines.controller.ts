import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { DeadlineDto, DeadlineListQueryDto } from './deadlines.dto';
import { DeadlinesService, type DeadlineView } from './deadlines.service';

/** Deadlines over HTTP (issue 8 § 1): the deadlines of the caller's units. */
@ApiTags('deadlines')
@Controller('api')
export class DeadlinesController {
  constructor(private readonly deadlines: DeadlinesService) {}

  @Get('deadlines')
  @ApiOperation({
    summary: 'Fristen der eigenen Einheiten (Admins und Qualitätssicherung: alle), nach Fälligkeit',
  })
  @ApiOkResponse({ type: [DeadlineDto] })
  list(@CurrentUser() actor: Actor, @Query() q: DeadlineListQueryDto): Promise<DeadlineView[]> {
    return this.deadlines.list(actor, q);
  }
}
