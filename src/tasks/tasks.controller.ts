import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { AssignDto, ReassignDto, TaskDataDto, TaskListQueryDto, WorkloadQueryDto } from './tasks.dto';
import {
  TasksService,
  type TaskDetail,
  type TaskListPage,
  type VariableValue,
  type WorkloadEntry,
} from './tasks.service';

function parseVariables(filters: string[] | undefined): Record<string, VariableValue> | undefined {
  if (!filters?.length) return undefined;
  const out: Record<string, VariableValue> = {};
  for (const filter of filters) {
    const at = filter.indexOf('=');
    const raw = filter.slice(at + 1);
    let value: VariableValue = raw;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed === null || ['string', 'number', 'boolean'].includes(typeof parsed))
        value = parsed as VariableValue;
    } catch {
      value = raw;
    }
    out[filter.slice(0, at)] = value;
  }
  return out;
}

const date = (v: string | undefined): Date | undefined => (v ? new Date(v) : undefined);

/** The caseworker task list (Aufgabenliste): the same actions as the pages, for every signed-in unit member. */
@ApiTags('tasks')
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'Aufgaben: meine, meiner Einheiten, überfällige; Filter, Sortierung, Seiten' })
  list(@CurrentUser() actor: Actor, @Query() q: TaskListQueryDto): Promise<TaskListPage> {
    const variable = typeof q.variable === 'string' ? [q.variable] : q.variable;
    return this.tasks.list(actor, {
      view: q.view,
      state: q.state,
      bpmnProcessId: q.process,
      unit: q.unit,
      assignee: q.assignee,
      dueFrom: date(q.dueFrom),
      dueTo: date(q.dueTo),
      followUpFrom: date(q.followUpFrom),
      followUpTo: date(q.followUpTo),
      person: q.person,
      variables: parseVariables(variable),
      sort: q.sort,
      order: q.order,
      page: q.page,
      pageSize: q.pageSize,
    });
  }

  @Get('workload')
  @Roles('team-lead')
  @ApiOperation({ summary: 'Arbeitslast je Person einer Einheit (Teamleitung)' })
  workload(@CurrentUser() actor: Actor, @Query() q: WorkloadQueryDto): Promise<WorkloadEntry[]> {
    return this.tasks.workload(actor, q.unit);
  }

  @Post('reassign')
  @HttpCode(200)
  @Roles('team-lead')
  @ApiOperation({ summary: 'Viele Aufgaben auf einmal neu zuweisen (Teamleitung)' })
  @ApiOkResponse({ schema: { properties: { reassigned: { type: 'integer' } } } })
  async reassign(@CurrentUser() actor: Actor, @Body() body: ReassignDto): Promise<{ reassigned: number }> {
    return { reassigned: await this.tasks.reassignMany(actor, body.ids, body.assignee ?? null) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Eine Aufgabe mit Formular, Variablen und Entwurf' })
  get(@CurrentUser() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TaskDetail> {
    return this.tasks.get(actor, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Aufgabe übernehmen' })
  claim(@CurrentUser() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TaskDetail> {
    return this.tasks.claim(actor, id);
  }

  @Post(':id/unclaim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Aufgabe zurückgeben' })
  unclaim(@CurrentUser() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TaskDetail> {
    return this.tasks.unclaim(actor, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Aufgabe zuweisen (Teamleitung)' })
  assign(
    @CurrentUser() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignDto,
  ): Promise<TaskDetail> {
    return this.tasks.assign(actor, id, body.assignee ?? null);
  }

  @Put(':id/draft')
  @ApiOperation({ summary: 'Entwurf speichern (übersteht ein Neuladen)' })
  draft(
    @CurrentUser() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TaskDataDto,
  ): Promise<TaskDetail> {
    return this.tasks.saveDraft(actor, id, body.data);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Aufgabe abschließen: Daten gegen das Formular geprüft (422 mit Feldfehlern)' })
  complete(
    @CurrentUser() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TaskDataDto,
  ): Promise<TaskDetail> {
    return this.tasks.complete(actor, id, body.data);
  }
}
