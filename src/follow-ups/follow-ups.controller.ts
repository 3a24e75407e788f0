import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentUser } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid-param.pipe';
import {
  AbsenceDto,
  CreateFollowUpDto,
  DoneFollowUpDto,
  FollowUpDto,
  FollowUpListQueryDto,
  MoveFollowUpDto,
} from './follow-ups.dto';
import { FollowUpsService, type FollowUpView } from './follow-ups.service';

/** Wiedervorlagen over HTTP (issue 8 § 2): the same actions as the pages. */
@ApiTags('follow-ups')
@Controller('api')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpsService) {}

  @Get('persons/:id/follow-ups')
  @ApiOperation({ summary: 'Wiedervorlagen einer Person (der eigenen Einheiten) mit Verlauf' })
  @ApiOkResponse({ type: [FollowUpDto] })
  ofPerson(
    @CurrentUser() actor: Actor,
    @Param('id', uuidParam('Person')) id: string,
  ): Promise<FollowUpView[]> {
    return this.followUps.ofPerson(actor, id);
  }

  @Post('persons/:id/follow-ups')
  @ApiOperation({ summary: 'Wiedervorlage für eine Person anlegen (zuständig: die angemeldete Person)' })
  @ApiCreatedResponse({ type: FollowUpDto })
  create(
    @CurrentUser() actor: Actor,
    @Param('id', uuidParam('Person')) id: string,
    @Body() body: CreateFollowUpDto,
  ): Promise<FollowUpView> {
    return this.followUps.create(actor, id, body);
  }

  @Get('follow-ups')
  @ApiOperation({
    summary: 'Fällige Wiedervorlagen: meine, oder die meiner Einheiten, deren Zuständige abwesend sind',
  })
  @ApiOkResponse({ type: [FollowUpDto] })
  list(@CurrentUser() actor: Actor, @Query() q: FollowUpListQueryDto): Promise<FollowUpView[]> {
    return this.followUps.list(actor, q.view ?? 'mine', q.dueUntil);
  }

  @Get('follow-ups/absence')
  @ApiOperation({ summary: 'Eigene Abwesenheit (letzter Tag oder null)' })
  @ApiOkResponse({ type: AbsenceDto })
  async absence(@CurrentUser() actor: Actor): Promise<AbsenceDto> {
    return { absentUntil: await this.followUps.absence(actor) };
  }

  @Put('follow-ups/absence')
  @ApiOperation({
    summary: 'Eigene Abwesenheit setzen: fällige Wiedervorlagen erscheinen dann in der Liste der Einheit',
  })
  @ApiOkResponse({ type: AbsenceDto })
  async setAbsence(@CurrentUser() actor: Actor, @Body() body: AbsenceDto): Promise<AbsenceDto> {
    return { absentUntil: await this.followUps.setAbsence(actor, body.absentUntil) };
  }

  @Get('follow-ups/:id')
  @ApiOperation({ summary: 'Eine Wiedervorlage mit Verlauf' })
  @ApiOkResponse({ type: FollowUpDto })
  get(
    @CurrentUser() actor: Actor,
    @Param('id', uuidParam('Wiedervorlage')) id: string,
  ): Promise<FollowUpView> {
    return this.followUps.get(actor, id);
  }

  @Post('follow-ups/:id/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Wiedervorlage verschieben (neues Datum heute oder später, Kommentar Pflicht)' })
  @ApiOkResponse({ type: FollowUpDto })
  move(
    @CurrentUser() actor: Actor,
    @Param('id', uuidParam('Wiedervorlage')) id: string,
    @Body() body: MoveFollowUpDto,
  ): Promise<FollowUpView> {
    return this.followUps.move(actor, id, body);
  }

  @Post('follow-ups/:id/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Wiedervorlage erledigen (Kommentar optional)' })
  @ApiOkResponse({ type: FollowUpDto })
  done(
    @CurrentUser() actor: Actor,
    @Param('id', uuidParam('Wiedervorlage')) id: string,
    @Body() body: DoneFollowUpDto,
  ): Promise<FollowUpView> {
    return this.followUps.done(actor, id, body);
  }
}
