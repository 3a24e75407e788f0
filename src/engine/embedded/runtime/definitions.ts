import type { PoolClient } from 'pg';
import { compileResource } from '../model/compile';
import type { LoadedDefinition } from './executor';

/**
 * Deployed process definitions, compiled once per process and kept in memory (definitions never
 * change; a new version is a new definition). Also the latest form version per form id.
 */
export class DefinitionCache {
  private readonly byKey = new Map<number, LoadedDefinition>();
  private readonly forms = new Map<string, number>();
  private formsLoadedAt = 0;

  get(key: number): LoadedDefinition | undefined {
    return this.byKey.get(key);
  }

  add(def: LoadedDefinition): void {
    this.byKey.set(def.key, def);
  }

  setLatestForm(formId: string, key: number): void {
    this.forms.set(formId, key);
  }

  latestFormKey(formId: string): number | undefined {
    return this.forms.get(formId);
  }

  /** Re-reads the latest form versions (other engine processes may have deployed). */
  async refreshForms(client: PoolClient, maxAgeMs = 1000): Promise<void> {
    if (Date.now() - this.formsLoadedAt < maxAgeMs) return;
    const { rows } = await client.query<{ form_id: string; key: number }>(
      'SELECT DISTINCT ON (form_id) form_id, key FROM engine.form ORDER BY form_id, version DESC',
    );
    for (const r of rows) this.forms.set(r.form_id, r.key);
    this.formsLoadedAt = Date.now();
  }

  async ensure(client: PoolClient, keys: number[]): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.byKey.has(k));
    if (!missing.length) return;
    const { rows } = await client.query<{
      key: number;
      bpmn_process_id: string;
      version: number;
      resource_name: string;
      resource: string;
    }>(
      'SELECT key, bpmn_process_id, version, resource_name, resource FROM engine.process_definition WHERE key = ANY($1::bigint[])',
      [missing],
    );
    for (const r of rows) await this.compileRow(r);
  }

  /** latest version per process id, re-read after a second (another engine process may deploy) */
  private readonly latestCache = new Map<string, { key: number; at: number }>();

  noteLatest(bpmnProcessId: string, key: number): void {
    this.latestCache.set(bpmnProcessId, { key, at: Date.now() });
  }

  async latest(client: PoolClient, bpmnProcessId: string): Promise<LoadedDefinition | null> {
    const cached = this.latestCache.get(bpmnProcessId);
    if (cached && Date.now() - cached.at < 1000 && this.byKey.has(cached.key))
      return this.byKey.get(cached.key)!;
    const { rows } = await client.query<{ key: number }>(
      'SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 ORDER BY version DESC LIMIT 1',
      [bpmnProcessId],
    );
    if (!rows.length) return null;
    await this.ensure(client, [rows[0].key]);
    this.noteLatest(bpmnProcessId, rows[0].key);
    return this.byKey.get(rows[0].key) ?? null;
  }

  async byVersion(
    client: PoolClient,
    bpmnProcessId: string,
    version: number,
  ): Promise<LoadedDefinition | null> {
    const { rows } = await client.query<{ key: number }>(
      'SELECT key FROM engine.process_definition WHERE bpmn_process_id = $1 AND version = $2',
      [bpmnProcessId, version],
    );
    if (!rows.length) return null;
    await this.ensure(client, [rows[0].key]);
    return this.byKey.get(rows[0].key) ?? null;
  }

  async isLatest(client: PoolClient, key: number): Promise<boolean> {
    const def = this.byKey.get(key);
    if (!def) return false;
    return (await this.latest(client, def.bpmnProcessId))?.key === key;
  }

  private async compileRow(r: {
    key: number;
    bpmn_process_id: string;
    version: number;
    resource_name: string;
    resource: string;
  }): Promise<void> {
    const compiled = await compileResource(r.resource_name, Buffer.from(r.resource, 'utf8'));
    if (compiled.kind !== 'bpmn') return;
    const process = compiled.processes.find((p) => p.bpmnProcessId === r.bpmn_process_id);
    if (!process) return;
    this.byKey.set(r.key, { key: r.key, bpmnProcessId: r.bpmn_process_id, version: r.version, process });
  }
}
