import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { evaluateString } from '../feel/feel';
import { compileResource } from '../model/compile';
import { ModelError, type CompiledResource, type ExecutableProcess } from '../model/model.types';
import type { KeyGenerator } from '../store/database';
import { scheduleTimer } from '../timer/timer';
import type { DefinitionCache } from './definitions';
import { EngineError } from './errors';

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: number;
  resourceName: string;
}

export interface DeployedForm {
  formId: string;
  version: number;
  formKey: number;
  resourceName: string;
}

export interface DeploymentResult {
  key: number;
  processes: DeployedProcess[];
  forms: DeployedForm[];
}

/**
 * DeployResource: every resource is compiled and checked before anything is written; then, in one
 * transaction under an advisory lock, each process or form whose content changed gets a new version
 * (an unchanged one keeps its version, as in Zeebe), and the start events of new versions are armed.
 */
export class Deployer {
  constructor(
    private readonly pool: Pool,
    private readonly keys: KeyGenerator,
    private readonly defs: DefinitionCache,
  ) {}

  async deploy(resources: { name: string; content: Buffer }[]): Promise<DeploymentResult> {
    if (resources.length === 0) {
      throw new EngineError('INVALID_ARGUMENT', 'Expected to deploy at least one resource, but none given');
    }
    const compiled: { name: string; content: Buffer; res: CompiledResource }[] = [];
    const errors: string[] = [];
    for (const r of resources) {
      if (!/\.(bpmn|xml|form)$/i.test(r.name)) {
        errors.push(
          `'${r.name}': Expected a resource of type BPMN (.bpmn, .xml) or form (.form), but the name has another ending`,
        );
        continue;
      }
      try {
        compiled.push({ ...r, res: await compileResource(r.name, r.content) });
      } catch (e) {
        if (e instanceof ModelError) errors.push(`'${r.name}': ${e.message}`);
        else throw e;
      }
    }
    const seen = new Map<string, string>();
    for (const c of compiled) {
      const ids =
        c.res.kind === 'bpmn'
          ? c.res.processes.map((p) => `process '${p.bpmnProcessId}'`)
          : [`form '${c.res.formId}'`];
      for (const id of ids) {
        if (seen.has(id)) errors.push(`Duplicated ${id} in resources '${seen.get(id)}' and '${c.name}'`);
        seen.set(id, c.name);
      }
    }
    if (errors.length) {
      throw new EngineError(
        'INVALID_ARGUMENT',
        `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n${errors.join('\n')}`,
      );
    }

    await this.keys.reserve(100 + compiled.length * 10);
    const client = await this.pool.connect();
    const result: DeploymentResult = { key: this.keys.nextKey(), processes: [], forms: [] };
    const added: { key: number; bpmnProcessId: string; version: number; process: ExecutableProcess }[] = [];
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(2251799813685250)');
      const { rows: nowRows } = await client.query<{ now: number }>('SELECT engine.now_ms() AS now');
      const now = nowRows[0].now;
      await client.query('INSERT INTO engine.deployment (key, created_at) VALUES ($1, $2)', [
        result.key,
        now,
      ]);
      for (const c of compiled) {
        const text = c.content.toString('utf8');
        if (c.res.kind === 'form') {
          const checksum = sha(text);
          const latest = await client.query<{ key: number; version: number; checksum: string }>(
            'SELECT key, version, checksum FROM engine.form WHERE form_id = $1 ORDER BY version DESC LIMIT 1',
            [c.res.formId],
          );
          const l = latest.rows[0];
          if (l && l.checksum === checksum) {
            result.forms.push({
              formId: c.res.formId,
              version: l.version,
              formKey: l.key,
              resourceName: c.name,
            });
            continue;
          }
          const key = this.keys.nextKey();
          const version = (l?.version ?? 0) + 1;
          await client.query(
            'INSERT INTO engine.form (key, form_id, version, resource_name, checksum, deployment_key, schema, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb,$8)',
            [key, c.res.formId, version, c.name, checksum, result.key, JSON.stringify(c.res.schema), now],
          );
          result.forms.push({ formId: c.res.formId, version, formKey: key, resourceName: c.name });
          continue;
        }
        for (const p of c.res.processes) {
          // per process: the resource's checksum; an unchanged resource keeps the version
          const checksum = sha(`${p.bpmnProcessId}\n${text}`);
          const latest = await client.query<{ key: number; version: number; checksum: string }>(
            'SELECT key, version, checksum FROM engine.process_definition WHERE bpmn_process_id = $1 ORDER BY version DESC LIMIT 1',
            [p.bpmnProcessId],
          );
          const l = latest.rows[0];
          if (l && l.checksum === checksum) {
            result.processes.push({
              bpmnProcessId: p.bpmnProcessId,
              version: l.version,
              processDefinitionKey: l.key,
              resourceName: c.name,
            });
            continue;
          }
          const key = this.keys.nextKey();
          const version = (l?.version ?? 0) + 1;
          await client.query(
            'INSERT INTO engine.process_definition (key, bpmn_process_id, version, resource_name, checksum, deployment_key, resource, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
            [key, p.bpmnProcessId, version, c.name, checksum, result.key, text, now],
          );
          await this.armStartEvents(client, p, key, now);
          added.push({ key, bpmnProcessId: p.bpmnProcessId, version, process: p });
          result.processes.push({
            bpmnProcessId: p.bpmnProcessId,
            version,
            processDefinitionKey: key,
            resourceName: c.name,
          });
        }
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    for (const a of added) {
      this.defs.add(a);
      this.defs.noteLatest(a.bpmnProcessId, a.key);
    }
    for (const f of result.forms) this.defs.setLatestForm(f.formId, f.formKey);
    return result;
  }

  /** Message, signal and timer start events: the new version replaces the old one's. */
  private async armStartEvents(
    client: import('pg').PoolClient,
    p: ExecutableProcess,
    definitionKey: number,
    now: number,
  ): Promise<void> {
    await client.query('DELETE FROM engine.start_subscription WHERE bpmn_process_id = $1', [p.bpmnProcessId]);
    await client.query(
      'DELETE FROM engine.timer WHERE process_instance_key IS NULL AND definition_key IN (SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1)',
      [p.bpmnProcessId],
    );
    const opts = { now: new Date(now) };
    for (const id of p.messageStartEventIds) {
      const el = p.elements.get(id)!;
      const name = evaluateString(el.message!.name, {}, opts);
      await client.query(
        "INSERT INTO engine.start_subscription (kind, name, bpmn_process_id, definition_key, element_id) VALUES ('message', $1, $2, $3, $4)",
        [name, p.bpmnProcessId, definitionKey, id],
      );
    }
    for (const id of p.signalStartEventIds) {
      const el = p.elements.get(id)!;
      const name = evaluateString(el.signalName!, {}, opts);
      await client.query(
        "INSERT INTO engine.start_subscription (kind, name, bpmn_process_id, definition_key, element_id) VALUES ('signal', $1, $2, $3, $4)",
        [name, p.bpmnProcessId, definitionKey, id],
      );
    }
    for (const id of p.timerStartEventIds) {
      const el = p.elements.get(id)!;
      let s;
      try {
        s = scheduleTimer(el.timer!, {}, new Date(now));
      } catch (e) {
        throw new EngineError(
          'INVALID_ARGUMENT',
          `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\nElement '${id}' (bpmn:StartEvent): ${(e as Error).message}`,
        );
      }
      await client.query(
        'INSERT INTO engine.timer (key, process_instance_key, element_instance_key, definition_key, element_id, due_at, repetitions, cycle) VALUES ($1, NULL, NULL, $2, $3, $4, $5, $6)',
        [this.keys.nextKey(), definitionKey, id, s.dueDate.getTime(), s.repetitions, s.cycle ?? null],
      );
    }
  }
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
