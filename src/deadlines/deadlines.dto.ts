import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { AGENCY_UNITS } from '../agencies/units';
import { DEADLINE_KIND_CODES, type DeadlineKindCode } from './deadline-kinds';
import { DEADLINE_STATUSES, type DeadlineStatus } from './deadline.entity';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UNITS = Object.keys(AGENCY_UNITS);

export class DeadlineListQueryDto {
  @ApiPropertyOptional({ enum: UNITS, description: 'nur diese Einheit (eine der eigenen)' })
  @IsOptional()
  @IsIn(UNITS, { message: 'unit: Einheit – unbekannter Code.' })
  unit?: string;

  @ApiPropertyOptional({ enum: DEADLINE_STATUSES })
  @IsOptional()
  @IsIn(DEADLINE_STATUSES, { message: 'status: Status – open, met, missed oder cancelled.' })
  status?: DeadlineStatus;

  @ApiPropertyOptional({ enum: DEADLINE_KIND_CODES })
  @IsOptional()
  @IsIn(DEADLINE_KIND_CODES, { message: 'kind: Fristart – unbekannt.' })
  kind?: DeadlineKindCode;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'personId: Person – keine gültige Kennung.' })
  personId?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'fällig ab (einschließlich)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'dueFrom: Fällig ab – bitte als JJJJ-MM-TT angeben.' })
  @IsISO8601({ strict: true }, { message: 'dueFrom: Fällig ab – diesen Tag gibt es nicht.' })
  dueFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'fällig bis (einschließlich)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'dueUntil: Fällig bis – bitte als JJJJ-MM-TT angeben.' })
  @IsISO8601({ strict: true }, { message: 'dueUntil: Fällig bis – diesen Tag gibt es nicht.' })
  dueUntil?: string;

  @ApiPropertyOptional({ description: 'nur offene Fristen, deren Tag vorbei ist' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue: Überfällig – true oder false.' })
  overdue?: boolean;
}

export class DeadlineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DEADLINE_KIND_CODES }) kind!: DeadlineKindCode;
  @ApiProperty({ description: 'Bezeichnung der Fristart' }) label!: string;
  @ApiProperty({ example: '§ 42a Abs. 4 S. 1 SGB VIII' }) legalBasis!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null bei anonymer Beschwerde' })
  personId!: string | null;
  @ApiProperty({ nullable: true, type: String }) personName!: string | null;
  @ApiProperty({ nullable: true, type: String }) fileNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) processInstanceKey!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) taskId!: string | null;
  @ApiProperty({ enum: UNITS }) unit!: string;
  @ApiProperty({ format: 'date', description: 'letzter Tag der Frist (Europe/Berlin)' }) dueOn!: string;
  @ApiProperty({ format: 'date-time', description: 'Zeitpunkt, zu dem der Timer des Prozesses auslöst' })
  dueAt!: string;
  @ApiProperty({ enum: DEADLINE_STATUSES }) status!: DeadlineStatus;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
}
