import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { CreateNoteDto, CreatePersonDto, PersonSearchQueryDto, StartProcessDto } from './case-file.dto';
import {
  CaseFileService,
  type CaseFile,
  type PersonSearchHit,
  type StartableProcess,
} from './case-file.service';
import type { CaseNote } from './case-note.entity';
import type { Person } from './person.entity';

/** The case file over HTTP: intake (search, create, start a process) and a person's case file. */
@ApiTags('persons')
@Controller('api/persons')
export class PersonsController {
  constructor(private readonly caseFile: CaseFileService) {}

  @Get()
  @ApiOperation({ summary: 'Personen suchen: Name (tippfehlertolerant), Geburtsdatum oder Aktenzeichen' })
  search(@CurrentUser() actor: Actor, @Query() q: PersonSearchQueryDto): Promise<PersonSearchHit[]> {
    return this.caseFile.search(actor, q);
  }

  @Post()
  @ApiOperation({ summary: 'Person anlegen (Eingangszone)' })
  create(@CurrentUser() actor: Actor, @Body() body: CreatePersonDto): Promise<Person> {
    return this.caseFile.createPerson(actor, body);
  }

  @Get('processes')
  @ApiOperation({ summary: 'Prozesse, die für eine Person gestartet werden können, mit ihren Startangaben' })
  startable(): StartableProcess[] {
    return this.caseFile.startableProcesses();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Fallakte: Stammdaten, Status, Vorgänge, Aufgaben, Dokumente, Notizen' })
  get(@CurrentUser() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CaseFile> {
    return this.caseFile.caseFile(actor, id);
  }

  @Post(':id/processes')
  @ApiOperation({ summary: 'Einen Prozess für die Person starten' })
  start(
    @CurrentUser() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: StartProcessDto,
  ): Promise<{ processInstanceKey: string; bpmnProcessId: string; caseId: string }> {
    return this.caseFile.startProcess(actor, id, body.bpmnProcessId, body.variables ?? {});
  }

  @Post(':id/notes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Notiz zur Fallakte hinzufügen' })
  async addNote(
    @CurrentUser() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateNoteDto,
  ): Promise<{ id: string; author: string; authorName: string; text: string; createdAt: string }> {
    const note: CaseNote = await this.caseFile.addNote(actor, id, body.text);
    return {
      id: note.id,
      author: note.author,
      authorName: note.authorName,
      text: note.text,
      createdAt: note.createdAt.toISOString(),
    };
  }
}
