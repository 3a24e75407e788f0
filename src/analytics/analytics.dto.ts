import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { emptyToUndefined } from '../web/page-form';
import { MAX_TARGET_MINUTES } from './analytics.service';

const ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/;
const DAY_MESSAGE = (field: string) => ({
  message: `${field}: bitte ein Datum als JJJJ-MM-TT oder TT.MM.JJJJ angeben.`,
});

export const VIEWS = ['haeufigkeit', 'dauer'] as const;
export type HeatmapView = (typeof VIEWS)[number];

/** ?von=&bis= (Berlin calendar days, inclusive; empty = open) */
export class PeriodQueryDto {
  @ApiPropertyOptional({
    description: 'erster Tag (JJJJ-MM-TT oder TT.MM.JJJJ), leer = von Anfang an',
    example: '2026-01-01',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString(DAY_MESSAGE('von'))
  @MaxLength(10, DAY_MESSAGE('von'))
  von?: string;

  @ApiPropertyOptional({
    description: 'letzter Tag (einschließlich), leer = bis jetzt',
    example: '2026-12-31',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString(DAY_MESSAGE('bis'))
  @MaxLength(10, DAY_MESSAGE('bis'))
  bis?: string;
}

const VERSION_MESSAGE = { message: 'version: bitte eine Versionsnummer (ganze Zahl ab 1) angeben.' };

/** ?version=&von=&bis= */
export class ProcessQueryDto extends PeriodQueryDto {
  @ApiPropertyOptional({ description: 'Version des Prozesses (Standard: die neueste)', example: 1 })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Type(() => Number)
  @IsInt(VERSION_MESSAGE)
  @Min(1, VERSION_MESSAGE)
  @Max(1_000_000, VERSION_MESSAGE)
  version?: number;
}

/** the page's ?ansicht=haeufigkeit|dauer as well */
export class HeatmapPageQueryDto extends ProcessQueryDto {
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(VIEWS, { message: 'ansicht: bitte „haeufigkeit“ oder „dauer“ angeben.' })
  ansicht?: HeatmapView;

  /** after saving a target time */
  @IsOptional()
  @IsIn(['gespeichert'])
  hinweis?: 'gespeichert';
}

export class ProcessParamsDto {
  @ApiProperty({ description: 'bpmnProcessId', example: 'complaint-management' })
  @IsString({ message: 'bpmnProcessId: ungültige Prozess-ID.' })
  @Matches(ID, { message: 'bpmnProcessId: ungültige Prozess-ID.' })
  bpmnProcessId!: string;
}

export class ElementParamsDto extends ProcessParamsDto {
  @ApiProperty({ description: 'ID des Elements im Modell', example: 'registerComplaint' })
  @IsString({ message: 'elementId: ungültige Element-ID.' })
  @Matches(ID, { message: 'elementId: ungültige Element-ID.' })
  elementId!: string;
}

const TARGET_MESSAGE = {
  message: `targetMinutes: bitte eine ganze Zahl von Minuten zwischen 1 und ${MAX_TARGET_MINUTES} angeben (oder null, um die Zielzeit zu entfernen).`,
};

/** PUT /api/analytics/processes/:id/targets/:elementId */
export class SetTargetDto {
  @ApiProperty({
    description: 'Zielzeit in Minuten; null entfernt die Zielzeit',
    nullable: true,
    type: Number,
    example: 2880,
  })
  @IsDefined(TARGET_MESSAGE)
  @ValidateIf((o: SetTargetDto) => o.targetMinutes !== null)
  @IsInt(TARGET_MESSAGE)
  @Min(1, TARGET_MESSAGE)
  @Max(MAX_TARGET_MINUTES, TARGET_MESSAGE)
  targetMinutes!: number | null;
}

export const TARGET_UNITS = { minuten: 1, stunden: 60, tage: 1440 } as const;

/** the target form of the page: a value (German decimals allowed) and a unit; empty removes it */
export class TargetFormDto {
  @IsString({ message: 'Element: fehlt.' })
  @Matches(ID, { message: 'Element: ungültige Element-ID.' })
  elementId!: string;

  @IsOptional()
  @IsString({ message: 'Zielzeit: bitte eine Zahl angeben.' })
  @MaxLength(12, { message: 'Zielzeit: bitte eine Zahl angeben.' })
  @Matches(/^\s*(\d{1,7}([.,]\d{1,2})?)?\s*$/, {
    message: 'Zielzeit: bitte eine Zahl angeben, z. B. 2 oder 1,5.',
  })
  zielzeit?: string;

  @IsIn(Object.keys(TARGET_UNITS), { message: 'Einheit: bitte Minuten, Stunden oder Tage wählen.' })
  einheit!: keyof typeof TARGET_UNITS;
}
