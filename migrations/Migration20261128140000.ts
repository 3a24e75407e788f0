import { Migration } from '@mikro-orm/migrations';

/** OIDC sign-in (issue 4 § 1): accounts of the identity provider have a subject and no password. */
export class Migration20261128140000 extends Migration {
  override up(): void {
    this.addSql(`alter table "app_user" alter column "password_hash" drop not null;`);
    this.addSql(`alter table "app_user" add column "oidc_subject" varchar(255) null;`);
    this.addSql(
      `alter table "app_user" add constraint "app_user_oidc_subject_unique" unique ("oidc_subject");`,
    );
  }

  override down(): void {
    this.addSql(`alter table "app_user" drop constraint if exists "app_user_oidc_subject_unique";`);
    this.addSql(`alter table "app_user" drop column if exists "oidc_subject";`);
    this.addSql(`delete from "app_user" where "password_hash" is null;`);
    this.addSql(`alter table "app_user" alter column "password_hash" set not null;`);
  }
}
