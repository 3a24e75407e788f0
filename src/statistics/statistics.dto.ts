import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';
import { emptyToUndefined, fieldMessage } from '../web/page-form';

const ISO_DAY = /^(19|20)\d{2}-\d{2}-\d{2}$/;

function DayField(name: string): PropertyDecorator {
  const message = fieldMessage(name, 'bitte ein gültiges Datum im Format JJJJ-MM-TT angeben.');
  return applyDecorators(
    IsOptional(),
    Transform(emptyToUndefined),
    MaxLength(10, message),
    Matches(ISO_DAY, message),
    IsISO8601({ strict: true }, message),
  );
}

/** GET /api/statistics/lagebild(.csv) and /statistik: ?stichtag=&von=&bis= (ISO dates) */
export class LagebildQueryDto {
  @ApiPropertyOptional({
    example: '2026-10-31',
    description: 'reporting date of the stocks (default: today)',
  })
  @DayField('stichtag')
  stichtag?: string;

  @ApiPropertyOptional({
    example: '2026-10-01',
    description: 'first day of the period of the flows (default: one month before bis, plus a day)',
  })
  @DayField('von')
  von?: string;

  @ApiPropertyOptional({
    example: '2026-10-31',
    description: 'last day of the period (default: the Stichtag)',
  })
  @DayField('bis')
  bis?: string;
}

export class CellDto {
  @ApiProperty({ nullable: true, type: Number, description: 'null when suppressed' })
  value!: number | null;

  @ApiProperty({ description: 'true when the count is above 0 and below the minimum cell count' })
  suppressed!: boolean;
}

export class FigureDto extends CellDto {
  @ApiProperty({ nullable: true, type: Number, description: 'the value of the previous period / Stichtag' })
  previous!: number | null;

  @ApiProperty()
  previousSuppressed!: boolean;

  @ApiProperty({
    enum: ['up', 'down', 'equal'],
    nullable: true,
    description: 'null if either value is suppressed',
  })
  trend!: 'up' | 'down' | 'equal' | null;
}

export class LagebildRowDto extends FigureDto {
  @ApiProperty({ example: 'Bestand am Stichtag' })
  section!: string;

  @ApiProperty({ example: 'foreigners', description: 'stable key of the figure' })
  key!: string;

  @ApiProperty({ example: 'Ausländerinnen und Ausländer im Landkreis' })
  label!: string;

  @ApiProperty({ example: 'Stichtag 31.10.2026' })
  reference!: string;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'share in per cent (one decimal), null if suppressed',
  })
  percent!: number | null;
}

export class PeriodDto {
  @ApiProperty({ example: '2026-10-31' })
  stichtag!: string;

  @ApiProperty({ example: '2026-10-01' })
  von!: string;

  @ApiProperty({ example: '2026-10-31' })
  bis!: string;
}

export class LagebildDto extends PeriodDto {
  @ApiProperty({ type: PeriodDto, description: 'the previous period of the same length (trend)' })
  previous!: PeriodDto;

  @ApiProperty({ example: 5, description: 'counts above 0 and below this are suppressed' })
  minCellCount!: number;

  @ApiProperty({
    description: 'the base population of percentages and rankings',
    example: 'Ausländerinnen und Ausländer im Landkreis am Stichtag',
  })
  basePopulation!: string;

  @ApiProperty({
    type: LagebildRowDto,
    isArray: true,
    description: 'every figure, labelled, in the order of the page and the CSV',
  })
  rows!: LagebildRowDto[];

  @ApiProperty({
    type: Object,
    description:
      'the same figures structured: stock, flow, jobcenter (applied of recognised, percent, windowMonths), ageGroups, topCountries, topMunicipalities, months',
  })
  figures!: Record<string, unknown>;
}
