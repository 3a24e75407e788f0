import type { MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app.config';
import { NotificationMailer } from './notification-mailer.service';
import type { NotificationsService } from './notifications.service';

describe('NotificationMailer without SMTP settings', () => {
  it('sends nothing and says so once in the log', async () => {
    const logged: unknown[] = [];
    const spy = jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => {
      logged.push(message);
    });
    try {
      const notifications = { onNotified: () => undefined } as unknown as NotificationsService;
      // no database is touched without a transport
      const mailer = new NotificationMailer(loadConfig({}), {} as MikroORM, notifications);
      expect(mailer.enabled).toBe(false);
      mailer.onApplicationBootstrap();
      await expect(mailer.tick()).resolves.toEqual({ immediate: 0, digests: 0 });
      await expect(mailer.tick()).resolves.toEqual({ immediate: 0, digests: 0 });
      expect(logged).toEqual([{ msg: 'notification e-mails off: no SMTP_URL or SMTP_HOST configured' }]);
      await mailer.onModuleDestroy();
    } finally {
      spy.mockRestore();
    }
  });

  it('takes SMTP_URL or SMTP_HOST/SMTP_PORT and refuses other URL schemes', () => {
    const notifications = { onNotified: () => undefined } as unknown as NotificationsService;
    expect(
      new NotificationMailer(loadConfig({ SMTP_HOST: 'mail.example.org' }), {} as MikroORM, notifications)
        .enabled,
    ).toBe(true);
    expect(
      new NotificationMailer(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }), {} as MikroORM, notifications)
        .enabled,
    ).toBe(true);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(/SMTP_URL/);
  });
});
