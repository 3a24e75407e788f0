import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { emptyToUndefined, fieldMessage as m, PageNumberField, toArray } from '../web/page-form';

/** the value of the "Bearbeitung" filter and of the assignee select that stands for "nobody" */
export const NOBODY = ':niemand';

/** the query of GET /aufgaben/team */
export class TeamPageQueryDto {
  /** the unit (one the team lead leads; default: the first) */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString(m('Einheit', 'bitte eine Einheit aus der Liste wählen.'))
  @MaxLength(8, m('Einheit', 'bitte eine Einheit aus der Liste wählen.'))
  einheit?: string;

  /** only the tasks of one person (username), or NOBODY for the unassigned ones */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString(m('Bearbeitung', 'bitte einen Eintrag der Liste wählen.'))
  @MaxLength(120, m('Bearbeitung', 'bitte einen Eintrag der Liste wählen.'))
  bearbeitung?: string;

  @PageNumberField()
  seite?: number;
}

/** the form of POST /aufgaben/team/zuweisen: the ticked tasks and to whom they go */
export class TeamAssignFormDto extends TeamPageQueryDto {
  @IsOptional()
  @Transform(toArray)
  @IsArray(m('Aufgaben', 'bitte Aufgaben der Liste ankreuzen.'))
  @ArrayMaxSize(200, m('Aufgaben', 'höchstens 200 auf einmal.'))
  @IsUUID('all', { each: true, ...m('Aufgaben', 'nur Aufgaben der Liste (unbekannte Kennung).') })
  aufgaben?: string[];

  /** a username of the unit, or NOBODY: back to the unit's pool */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString(m('Ausgewählte Aufgaben zuweisen an', 'bitte eine Person der Liste wählen.'))
  @MaxLength(120, m('Ausgewählte Aufgaben zuweisen an', 'bitte eine Person der Liste wählen.'))
  an?: string;
}
