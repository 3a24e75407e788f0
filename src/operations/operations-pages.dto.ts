import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { emptyToUndefined, fieldMessage, PageNumberField } from '../web/page-form';
import { REASON_MAX_LENGTH } from './operations.dto';
import { MAX_RETRIES } from './operations.service';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PROCESS_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const LIST_NOTICES = ['wiederholt', 'abgebrochen'] as const;

/** the filter and paging of /betrieb (German field names, as in the form) */
export class OperationsPageQueryDto {
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(PROCESS_ID, fieldMessage('Prozess', 'bitte einen Prozess aus der Liste wählen.'))
  prozess?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Type(() => Number)
  @IsInt(fieldMessage('Version', 'bitte eine ganze Zahl ab 1 angeben.'))
  @Min(1, fieldMessage('Version', 'bitte eine ganze Zahl ab 1 angeben.'))
  version?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(ISO_DATE, fieldMessage('Gestartet ab', 'bitte ein Datum angeben (TT.MM.JJJJ).'))
  @IsISO8601({ strict: true }, fieldMessage('Gestartet ab', 'diesen Tag gibt es nicht.'))
  von?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(ISO_DATE, fieldMessage('Gestartet bis', 'bitte ein Datum angeben (TT.MM.JJJJ).'))
  @IsISO8601({ strict: true }, fieldMessage('Gestartet bis', 'diesen Tag gibt es nicht.'))
  bis?: string;

  @PageNumberField()
  seite?: number;

  @IsOptional()
  @IsIn(LIST_NOTICES, fieldMessage('Hinweis', 'unbekannter Hinweis.'))
  erfolg?: (typeof LIST_NOTICES)[number];
}

export class InstancePageQueryDto {
  @IsOptional()
  @IsIn(LIST_NOTICES, fieldMessage('Hinweis', 'unbekannter Hinweis.'))
  erfolg?: (typeof LIST_NOTICES)[number];
}

/** "Erneut versuchen": the retries for the job (default 1), an optional comment, where to go back */
export class RetryFormDto {
  @IsOptional()
  @Transform(emptyToUndefined)
  @Type(() => Number)
  @IsInt(fieldMessage('Wiederholungen', `bitte eine ganze Zahl von 1 bis ${MAX_RETRIES} angeben.`))
  @Min(1, fieldMessage('Wiederholungen', `bitte eine ganze Zahl von 1 bis ${MAX_RETRIES} angeben.`))
  @Max(MAX_RETRIES, fieldMessage('Wiederholungen', `bitte eine ganze Zahl von 1 bis ${MAX_RETRIES} angeben.`))
  retries?: number;

  @IsOptional()
  @IsString(fieldMessage('Kommentar', 'Text erwartet.'))
  @MaxLength(REASON_MAX_LENGTH, fieldMessage('Kommentar', `höchstens ${REASON_MAX_LENGTH} Zeichen.`))
  reason?: string;

  @IsOptional()
  @IsIn(['liste', 'instanz'], fieldMessage('Zurück', 'liste oder instanz.'))
  zurueck?: 'liste' | 'instanz';
}

/** "Abbrechen": the required reason; without `bestaetigt=ja` the confirmation page comes first */
export class CancelFormDto {
  @Transform(trim)
  @IsString(fieldMessage('Grund des Abbruchs', 'Text erwartet.'))
  @IsNotEmpty(fieldMessage('Grund des Abbruchs', 'bitte angeben, warum die Instanz abgebrochen wird.'))
  @MaxLength(REASON_MAX_LENGTH, fieldMessage('Grund des Abbruchs', `höchstens ${REASON_MAX_LENGTH} Zeichen.`))
  reason!: string;

  @IsOptional()
  @IsIn(['ja'], fieldMessage('Bestätigung', 'ja oder leer.'))
  bestaetigt?: 'ja';
}
