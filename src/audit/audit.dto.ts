import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { AGENCY_UNITS } from '../agencies/units';
import { emptyToUndefined, fieldMessage, PageNumberField } from '../web/page-form';
import type { AuditFilter } from './audit.service';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** the audit view's filter, the same German field names on the page and in the API */
export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Person (ID): Einträge zu ihr und Suchen/Listen, die sie zeigten' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Transform(trim)
  @IsUUID('all', fieldMessage('Person', 'bitte die ID der Person angeben.'))
  person?: string;

  @ApiPropertyOptional({ description: 'Benutzername' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Transform(trim)
  @MaxLength(100, fieldMessage('Benutzer', 'höchstens 100 Zeichen.'))
  @Matches(/^[A-Za-z0-9._@-]+$/, fieldMessage('Benutzer', 'nur Buchstaben, Ziffern und . _ @ -'))
  benutzer?: string;

  @ApiPropertyOptional({ enum: Object.keys(AGENCY_UNITS) })
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(Object.keys(AGENCY_UNITS), fieldMessage('Einheit', 'bitte eine Einheit aus der Liste wählen.'))
  einheit?: string;

  @ApiPropertyOptional({
    description: "Aktion, z. B. 'read', oder eine Familie mit Punkt: 'engine.', 'release.'",
  })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Transform(trim)
  @MaxLength(64, fieldMessage('Aktion', 'höchstens 64 Zeichen.'))
  @Matches(/^[A-Za-z0-9 ./:_-]+$/, fieldMessage('Aktion', 'unzulässige Zeichen.'))
  aktion?: string;

  @ApiPropertyOptional({ description: 'erster Tag (JJJJ-MM-TT)' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(ISO_DATE, fieldMessage('Von', 'bitte ein Datum angeben (TT.MM.JJJJ).'))
  @IsISO8601({ strict: true }, fieldMessage('Von', 'diesen Tag gibt es nicht.'))
  von?: string;

  @ApiPropertyOptional({ description: 'letzter Tag (JJJJ-MM-TT)' })
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(ISO_DATE, fieldMessage('Bis', 'bitte ein Datum angeben (TT.MM.JJJJ).'))
  @IsISO8601({ strict: true }, fieldMessage('Bis', 'diesen Tag gibt es nicht.'))
  bis?: string;

  @ApiPropertyOptional({ minimum: 1 })
  @PageNumberField()
  seite?: number;
}

export function filterOf(q: AuditQueryDto): AuditFilter {
  return {
    personId: q.person,
    actor: q.benutzer,
    unit: q.einheit,
    action: q.aktion,
    from: q.von,
    to: q.bis,
  };
}
