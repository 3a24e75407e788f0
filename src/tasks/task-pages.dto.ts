import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { TASK_SORTS, type TaskSort } from './tasks.service';

/** an empty form field means "no filter" */
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

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
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  faelligBis?: string;

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
