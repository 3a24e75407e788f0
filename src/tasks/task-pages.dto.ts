import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { TASK_SORTS, type TaskSort } from './tasks.service';

/** an empty form field means "no filter" */
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

/** a field that may repeat (?variable=a&variable=b) arrives as a string once, as an array more often */
const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined || Array.isArray(value) ? value : [value];

/** a calendar day as the date input sends it (YYYY-MM-DD); IsISO8601 strict also refuses 31 February */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** the most variable filters the task list form sends */
export const MAX_VARIABLE_FILTERS = 5;

export const PAGE_VIEWS = ['meine', 'einheit', 'ueberfaellig'] as const;
export type PageView = (typeof PAGE_VIEWS)[number];

/** the query of GET /aufgaben: the filter form's fields (German names, as the address bar shows them) */
export class TaskListPageQueryDto {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(PAGE_VIEWS)
  ansicht?: PageView;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MaxLength(255)
  verfahren?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MaxLength(8)
  einheit?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(DAY)
  @IsISO8601({ strict: true })
  faelligVon?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(DAY)
  @IsISO8601({ strict: true })
  faelligBis?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(DAY)
  @IsISO8601({ strict: true })
  wiedervorlageVon?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(DAY)
  @IsISO8601({ strict: true })
  wiedervorlageBis?: string;

  /** the names of process variables to filter by; paired by position with `wert` (empty: no filter) */
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(MAX_VARIABLE_FILTERS)
  @IsString({ each: true })
  @Matches(/^$|^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { each: true })
  variable?: string[];

  /** the values the variables must have (text, number, ja/nein, TT.MM.JJJJ or an option's label) */
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(MAX_VARIABLE_FILTERS)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  wert?: string[];

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MaxLength(200)
  person?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(TASK_SORTS)
  sortierung?: TaskSort;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['asc', 'desc'])
  reihenfolge?: 'asc' | 'desc';

  @IsOptional()
  @Transform(emptyToUndefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  seite?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['1'])
  erledigt?: string;
}
