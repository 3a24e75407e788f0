import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { AGENCY_UNITS } from '../agencies/units';
import { FOLLOW_UP_EVENT_KINDS, type FollowUpEventKind } from './follow-up-event.entity';
import {
  COMMENT_MAX_LENGTH,
  FOLLOW_UP_STATUSES,
  REASON_MAX_LENGTH,
  type FollowUpStatus,
} from './follow-up.rules';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UNITS = Object.keys(AGENCY_UNITS);

export class CreateFollowUpDto {
  @ApiProperty({ enum: UNITS, description: 'die zuständige Einheit (eine Einheit der angemeldeten Person)' })
  @IsIn(UNITS, { message: 'unit: Einheit – bitte eine Einheit der Migrationsagentur angeben.' })
  unit!: string;

  @ApiProperty({ example: '2026-12-01', description: 'Tag der Wiedervorlage (heute oder später)' })
  @Matches(ISO_DATE, { message: 'dueOn: Datum – bitte als JJJJ-MM-TT angeben.' })
  dueOn!: string;

  @ApiProperty({ maxLength: REASON_MAX_LENGTH, example: 'Nachweis Passbeschaffung prüfen' })
  @IsString({ message: 'reason: Grund – Text erwartet.' })
  @MaxLength(REASON_MAX_LENGTH, { message: `reason: Grund – höchstens ${REASON_MAX_LENGTH} Zeichen.` })
  reason!: string;
}

export class MoveFollowUpDto {
  @ApiProperty({ example: '2026-12-15', description: 'neuer Tag (heute oder später)' })
  @Matches(ISO_DATE, { message: 'dueOn: Neues Datum – bitte als JJJJ-MM-TT angeben.' })
  dueOn!: string;

  @ApiProperty({ maxLength: COMMENT_MAX_LENGTH, example: 'Unterlagen erst Mitte Dezember erwartet' })
  @IsString({ message: 'comment: Kommentar – Text erwartet.' })
  @MaxLength(COMMENT_MAX_LENGTH, { message: `comment: Kommentar – höchstens ${COMMENT_MAX_LENGTH} Zeichen.` })
  comment!: string;
}

export class DoneFollowUpDto {
  @ApiPropertyOptional({ maxLength: COMMENT_MAX_LENGTH, example: 'Nachweis liegt vor' })
  @IsOptional()
  @IsString({ message: 'comment: Kommentar – Text erwartet.' })
  @MaxLength(COMMENT_MAX_LENGTH, { message: `comment: Kommentar – höchstens ${COMMENT_MAX_LENGTH} Zeichen.` })
  comment?: string;
}

export class FollowUpListQueryDto {
  @ApiPropertyOptional({
    enum: ['mine', 'unit'],
    default: 'mine',
    description:
      'mine: meine offenen Wiedervorlagen; unit: die offenen meiner Einheiten, deren Zuständige abwesend sind',
  })
  @IsOptional()
  @IsIn(['mine', 'unit'], { message: 'view: Ansicht – mine oder unit.' })
  view?: 'mine' | 'unit';

  @ApiPropertyOptional({ example: '2026-12-01', description: 'fällig bis einschließlich (Standard: heute)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'dueUntil: Fällig bis – bitte als JJJJ-MM-TT angeben.' })
  @IsISO8601({ strict: true }, { message: 'dueUntil: Fällig bis – diesen Tag gibt es nicht.' })
  dueUntil?: string;
}

export class AbsenceDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: '2026-12-24',
    description: 'letzter Tag der Abwesenheit (einschließlich); null beendet sie',
  })
  @ValidateIf((_o, value) => value !== null)
  @Matches(ISO_DATE, { message: 'absentUntil: Abwesend bis – bitte als JJJJ-MM-TT angeben oder null.' })
  absentUntil!: string | null;
}

export class FollowUpEventDto {
  @ApiProperty({ enum: FOLLOW_UP_EVENT_KINDS })
  kind!: FollowUpEventKind;
  @ApiProperty() actor!: string;
  @ApiProperty() actorName!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dueOnBefore!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) dueOnAfter!: string | null;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() fileNumber!: string;
  @ApiProperty() personName!: string;
  @ApiProperty({ enum: UNITS }) unit!: string;
  @ApiProperty() owner!: string;
  @ApiProperty() ownerName!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status!: FollowUpStatus;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) doneAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) doneBy!: string | null;
  @ApiProperty({ type: [FollowUpEventDto], description: 'Verlauf: angelegt, verschoben, erledigt' })
  events!: FollowUpEventDto[];
}
