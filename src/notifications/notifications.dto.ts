import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, MaxLength, ValidateIf } from 'class-validator';
import { EMAIL_MODES, NOTIFICATION_KINDS, type EmailMode } from './notifications.types';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS })
  kind!: string;

  @ApiProperty({ example: '3 neue Aufgaben in ABH', description: 'ohne Namen und Statusangaben' })
  title!: string;

  @ApiProperty({ example: '/aufgaben?ansicht=einheit', description: 'Pfad in der Plattform' })
  link!: string;

  @ApiProperty({ nullable: true, type: String, example: 'ABH-2026-0042' })
  fileNumber!: string | null;

  @ApiProperty({ description: 'wie viele Ereignisse die Benachrichtigung bündelt' })
  count!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty()
  read!: boolean;
}

export class NotificationListDto {
  @ApiProperty({ description: 'Anzahl ungelesener Benachrichtigungen' })
  unread!: number;

  @ApiProperty({ type: [NotificationDto], description: 'die neuesten 30, neueste zuerst' })
  items!: NotificationDto[];
}

export class NotificationSettingsDto {
  @ApiProperty({ nullable: true, type: String, example: 'sachbearbeitung@example.org' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null && v !== '')
  @IsEmail({}, { message: 'email: E-Mail-Adresse – bitte eine gültige Adresse angeben.' })
  @MaxLength(254, { message: 'email: E-Mail-Adresse – höchstens 254 Zeichen.' })
  email!: string | null;

  @ApiProperty({
    enum: EMAIL_MODES,
    description: 'immediate: jede Benachrichtigung sofort; digest: einmal täglich; off: keine E-Mails',
  })
  @IsIn(EMAIL_MODES, { message: 'emailMode: E-Mail-Versand – immediate, digest oder off.' })
  emailMode!: EmailMode;
}
