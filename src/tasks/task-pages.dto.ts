import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { emptyToUndefined, fieldMessage as m, PageNumberField, toArray } from '../web/page-form';
import { TASK_SORTS, type TaskSort } from './tasks.service';

/** a calendar day as the date input sends it (YYYY-MM-DD); IsISO8601 strict also refuses 31 February */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** the most variable filters the task list form sends */
export const MAX_VARIABLE_FILTERS = 5;

export const PAGE_VIEWS = ['meine', 'einheit', 'ueberfaellig'] as const;
export type PageView = (typeof PAGE_VIEWS)[number];

const NO_DAY = 'bitte ein gültiges Datum angeben (TT.MM.JJJJ).';
const PICK = 'bitte einen Eintrag der Liste wählen.';

/**
 * The query of GET /aufgaben: the filter form's fields (German names, as the address bar shows them).
 * Every message names the field by its label in the form; an empty field means "no filter".
 */
export class TaskListPageQueryDto {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(PAGE_VIEWS, m('Ansicht', 'Meine Aufgaben, Aufgaben meiner Einheit oder Überfällig.'))
  ansicht?: PageView;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString(m('Verfahren', PICK))
  @MaxLength(255, m('Verfahren', PICK))
  verfahren?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString(m('Einheit', PICK))
  @MaxLength(8, m('Einheit', PICK))
  einheit?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(DAY, m('Fällig von', NO_DAY))
  @IsISO8601({ strict: true }, m('Fällig von', NO_DAY))
  faelligVon?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(DAY, m('Fällig bis', NO_DAY))
  @IsISO8601({ strict: true }, m('Fällig bis', NO_DAY))
  faelligBis?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(DAY, m('Wiedervorlage von', NO_DAY))
  @IsISO8601({ strict: true }, m('Wiedervorlage von', NO_DAY))
  wiedervorlageVon?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(DAY, m('Wiedervorlage bis', NO_DAY))
  @IsISO8601({ strict: true }, m('Wiedervorlage bis', NO_DAY))
  wiedervorlageBis?: string;

  /** the names of process variables to filter by; paired by position with `wert` (empty: no filter) */
  @IsOptional()
  @Transform(toArray)
  @IsArray(m('Variable', PICK))
  @ArrayMaxSize(MAX_VARIABLE_FILTERS, m('Variable', `höchstens ${MAX_VARIABLE_FILTERS} Filter.`))
  @IsString({ each: true, ...m('Variable', PICK) })
  @Matches(/^$|^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { each: true, ...m('Variable', PICK) })
  variable?: string[];

  /** the values the variables must have (text, number, ja/nein, TT.MM.JJJJ or an option's label) */
  @IsOptional()
  @Transform(toArray)
  @IsArray(m('Wert', 'Text erwartet.'))
  @ArrayMaxSize(MAX_VARIABLE_FILTERS, m('Wert', `höchstens ${MAX_VARIABLE_FILTERS} Filter.`))
  @IsString({ each: true, ...m('Wert', 'Text erwartet.') })
  @MaxLength(200, { each: true, ...m('Wert', 'höchstens 200 Zeichen.') })
  wert?: string[];

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString(m('Person oder Aktenzeichen', 'Text erwartet.'))
  @MaxLength(200, m('Person oder Aktenzeichen', 'höchstens 200 Zeichen.'))
  person?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(TASK_SORTS, m('Sortieren nach', PICK))
  sortierung?: TaskSort;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['asc', 'desc'], m('Reihenfolge', PICK))
  reihenfolge?: 'asc' | 'desc';

  @PageNumberField()
  seite?: number;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['1'], m('erledigt', 'nur der Wert 1.'))
  erledigt?: string;
}
