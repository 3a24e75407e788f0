import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { AuditQueryDto, filterOf } from './audit.dto';
import { AuditPeriodInvalidError } from './audit.errors';
import { AuditService, type AuditPage } from './audit.service';

export function checkedFilter(q: AuditQueryDto): ReturnType<typeof filterOf> {
  if (q.von && q.bis && q.von > q.bis) throw new AuditPeriodInvalidError();
  return filterOf(q);
}

/** The audit trail for quality staff and admins; reading it is recorded as well. */
@ApiTags('audit')
@Roles('quality', 'admin')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Protokolleinträge, neueste zuerst (50 je Seite), gefiltert' })
  list(@CurrentUser() actor: Actor, @Query() q: AuditQueryDto): Promise<AuditPage> {
    return this.audit.search(actor, checkedFilter(q), q.seite ?? 1);
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="protokoll.csv"')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Protokolleinträge als CSV (Semikolon, UTF-8), älteste zuerst' })
  csv(@CurrentUser() actor: Actor, @Query() q: AuditQueryDto): Promise<string> {
    return this.audit.exportCsv(actor, checkedFilter(q));
  }
}
