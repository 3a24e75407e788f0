import { Migration } from '@mikro-orm/migrations';

/**
 * Task list at 100,000 open tasks (issue 4 § 4, `npm run bench:tasks`): a GIN index for the filter on
 * variable values (`variables @> {...}`) and an index for sorting by follow-up date.
 */
export class Migration20261128132000 extends Migration {
  override up(): void {
    this.addSql(`create index "task_variables_index" on "task" using gin ("variables" jsonb_path_ops);`);
    this.addSql(`create index "task_state_follow_up_date_index" on "task" ("state", "follow_up_date");`);
  }

  override down(): void {
    this.addSql(`drop index if exists "task_state_follow_up_date_index";`);
    this.addSql(`drop index if exists "task_variables_index";`);
  }
}
