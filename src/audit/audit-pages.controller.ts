import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AGENCY_UNITS } from '../agencies/units';
import type { Actor } from '../auth/actor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { germanDateTime } from '../web/format';
import { PageErrorFilter } from '../web/page-error.filter';
import { ViewsService } from '../web/views.service';
import { checkedFilter } from './audit.controller';
import { AuditQueryDto } from './audit.dto';
import { AuditService, type AuditEntryView } from './audit.service';

const OUTCOMES: Record<string, string> = {
  success: 'erfolgreich',
  denied: 'verweigert',
  failed: 'fehlgeschlagen',
};

/** the query string of the filter, for the paging and CSV links */
function queryOf(q: AuditQueryDto, page?: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...q, seite: page })) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function row(e: AuditEntryView) {
  const details = { ...(e.details ?? {}) };
  const personIds = Array.isArray(details.personIds) ? (details.personIds as string[]) : [];
  delete details.personIds;
  return {
    seq: e.seq,
    at: germanDateTime(e.occurredAt),
    actor: e.actor,
    roles: e.roles.join(', ') || '–',
    units: e.units.join(', ') || '–',
    action: e.action,
    resource: `${e.resourceType}${e.resourceId ? ` ${e.resourceId}` : ''}`,
    personId: e.personId,
    shown: personIds.length,
    outcome: OUTCOMES[e.outcome] ?? e.outcome,
    refused: e.outcome !== 'success',
    details: Object.keys(details).length ? JSON.stringify(details) : '',
  };
}

/**
 * The audit view (/protokoll): filter by person, user, unit, action and period; 50 entries a page,
 * newest first; CSV export of the same filter. Quality staff and admins only; reading it is recorded.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Roles('quality', 'admin')
@Controller('protokoll')
export class AuditPagesController {
  constructor(
    private readonly audit: AuditService,
    private readonly views: ViewsService,
  ) {}

  @Get()
  async list(@CurrentUser() actor: Actor, @Res() res: Response, @Query() q: AuditQueryDto): Promise<void> {
    const page = q.seite ?? 1;
    const result = await this.audit.search(actor, checkedFilter(q), page);
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const { seite: _page, ...filter } = q;
    res.type('html').send(
      this.views.render('audit', {
        title: 'Protokoll',
        filter: {
          person: q.person ?? '',
          benutzer: q.benutzer ?? '',
          aktion: q.aktion ?? '',
          von: q.von ?? '',
          bis: q.bis ?? '',
        },
        units: Object.entries(AGENCY_UNITS).map(([code, name]) => ({
          code,
          name,
          selected: code === q.einheit,
        })),
        total: result.total.toLocaleString('de-DE'),
        items: result.items.map(row),
        page,
        pages,
        previous: page > 1 ? `/protokoll${queryOf(filter, page - 1)}` : null,
        next: page < pages ? `/protokoll${queryOf(filter, page + 1)}` : null,
        csv: `/api/audit/export.csv${queryOf(filter)}`,
      }),
    );
  }
}
