/**
 * The engine's own schema. The engine is sealed from the platform (it can run alone, `npm run engine`),
 * so it migrates its schema itself: each entry runs once, in order, recorded in engine.schema_version.
 * Times are epoch milliseconds on the engine clock (database clock + a test-controllable offset).
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE engine.clock (id int PRIMARY KEY CHECK (id = 1), offset_ms bigint NOT NULL DEFAULT 0);
  INSERT INTO engine.clock (id, offset_ms) VALUES (1, 0);
  CREATE FUNCTION engine.now_ms() RETURNS bigint LANGUAGE sql STABLE AS
    $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint + (SELECT offset_ms FROM engine.clock WHERE id = 1) $$;

  -- keys: (partition 1 << 51) + counter, handed out in blocks
  CREATE SEQUENCE engine.key_seq INCREMENT BY 1000 START WITH 1;

  CREATE TABLE engine.deployment (
    key bigint PRIMARY KEY,
    created_at bigint NOT NULL
  );

  CREATE TABLE engine.process_definition (
    key bigint PRIMARY KEY,
    bpmn_process_id text NOT NULL,
    version int NOT NULL,
    resource_name text NOT NULL,
    checksum text NOT NULL,
    deployment_key bigint NOT NULL REFERENCES engine.deployment(key),
    resource text NOT NULL,
    created_at bigint NOT NULL,
    UNIQUE (bpmn_process_id, version)
  );

  CREATE TABLE engine.form (
    key bigint PRIMARY KEY,
    form_id text NOT NULL,
    version int NOT NULL,
    resource_name text NOT NULL,
    checksum text NOT NULL,
    deployment_key bigint NOT NULL REFERENCES engine.deployment(key),
    schema jsonb NOT NULL,
    created_at bigint NOT NULL,
    UNIQUE (form_id, version)
  );

  CREATE TABLE engine.process_instance (
    key bigint PRIMARY KEY,
    definition_key bigint NOT NULL,
    bpmn_process_id text NOT NULL,
    version int NOT NULL,
    state text NOT NULL,
    parent_process_instance_key bigint,
    parent_element_instance_key bigint,
    start_correlation_key text,
    created_at bigint NOT NULL,
    ended_at bigint
  );
  CREATE INDEX process_instance_active ON engine.process_instance (bpmn_process_id) WHERE state = 'ACTIVE';

  CREATE TABLE engine.element_instance (
    key bigint PRIMARY KEY,
    process_instance_key bigint NOT NULL,
    element_id text NOT NULL,
    flow_scope_key bigint,
    state text NOT NULL,
    data jsonb NOT NULL
  );
  CREATE INDEX element_instance_pi ON engine.element_instance (process_instance_key);

  CREATE TABLE engine.variable (
    scope_key bigint NOT NULL,
    name text NOT NULL,
    process_instance_key bigint NOT NULL,
    value jsonb,
    PRIMARY KEY (scope_key, name)
  );
  CREATE INDEX variable_pi ON engine.variable (process_instance_key);

  CREATE TABLE engine.job (
    key bigint PRIMARY KEY,
    process_instance_key bigint NOT NULL,
    element_instance_key bigint NOT NULL,
    type text NOT NULL,
    kind text NOT NULL,
    state text NOT NULL,
    retries int NOT NULL,
    worker text NOT NULL DEFAULT '',
    deadline bigint,
    activatable_at bigint NOT NULL DEFAULT 0,
    error_message text NOT NULL DEFAULT '',
    custom_headers jsonb NOT NULL,
    scope_keys bigint[] NOT NULL,
    bpmn_process_id text NOT NULL,
    version int NOT NULL,
    definition_key bigint NOT NULL,
    element_id text NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE INDEX job_pi ON engine.job (process_instance_key);
  -- activation reads activatable jobs and expired activations through separate partial indexes, so
  -- that many long-running activations (user tasks) do not slow it down
  CREATE INDEX job_activatable ON engine.job (type, key) WHERE state = 'ACTIVATABLE';
  CREATE INDEX job_expiring ON engine.job (type, deadline) WHERE state = 'ACTIVATED';

  CREATE TABLE engine.timer (
    key bigint PRIMARY KEY,
    process_instance_key bigint,
    element_instance_key bigint,
    definition_key bigint NOT NULL,
    element_id text NOT NULL,
    due_at bigint NOT NULL,
    repetitions int NOT NULL,
    cycle text
  );
  CREATE INDEX timer_due ON engine.timer (due_at);
  CREATE INDEX timer_pi ON engine.timer (process_instance_key);

  -- open subscriptions of element instances (message and signal catch, boundary, event subprocess start)
  CREATE TABLE engine.subscription (
    key bigint PRIMARY KEY,
    kind text NOT NULL,
    process_instance_key bigint NOT NULL,
    element_instance_key bigint NOT NULL,
    element_id text NOT NULL,
    bpmn_process_id text NOT NULL,
    name text NOT NULL,
    correlation_key text,
    interrupting boolean NOT NULL
  );
  CREATE INDEX subscription_lookup ON engine.subscription (kind, name, correlation_key);
  CREATE INDEX subscription_pi ON engine.subscription (process_instance_key);

  -- message and signal start events of the latest version of each process
  CREATE TABLE engine.start_subscription (
    kind text NOT NULL,
    name text NOT NULL,
    bpmn_process_id text NOT NULL,
    definition_key bigint NOT NULL,
    element_id text NOT NULL,
    PRIMARY KEY (kind, name, bpmn_process_id, element_id)
  );

  -- buffered messages
  CREATE TABLE engine.message (
    key bigint PRIMARY KEY,
    name text NOT NULL,
    correlation_key text NOT NULL,
    message_id text,
    variables jsonb NOT NULL,
    expires_at bigint NOT NULL,
    correlated_processes text[] NOT NULL DEFAULT '{}'
  );
  CREATE INDEX message_lookup ON engine.message (name, correlation_key);
  CREATE INDEX message_expiry ON engine.message (expires_at);
  CREATE UNIQUE INDEX message_id_unique ON engine.message (name, correlation_key, message_id) WHERE message_id IS NOT NULL AND message_id <> '';

  CREATE TABLE engine.incident (
    key bigint PRIMARY KEY,
    process_instance_key bigint NOT NULL,
    element_instance_key bigint NOT NULL,
    element_id text NOT NULL,
    job_key bigint,
    error_type text NOT NULL,
    error_message text NOT NULL,
    phase text NOT NULL,
    created_at bigint NOT NULL
  );
  CREATE INDEX incident_pi ON engine.incident (process_instance_key);

  -- append-only event log of every transition; read by the metrics module
  CREATE TABLE engine.event_log (
    position bigserial PRIMARY KEY,
    key bigint NOT NULL,
    process_instance_key bigint,
    bpmn_process_id text,
    definition_key bigint,
    version int,
    element_id text,
    element_type text,
    bpmn_element_type text,
    flow_scope_key bigint,
    intent text NOT NULL,
    job_type text,
    job_worker text,
    error_type text,
    error_message text,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX event_log_pi ON engine.event_log (process_instance_key);
  CREATE FUNCTION engine.event_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'engine.event_log is append-only'; END $$;
  CREATE TRIGGER event_log_no_update BEFORE UPDATE OR DELETE ON engine.event_log
    FOR EACH ROW EXECUTE FUNCTION engine.event_log_append_only();
  `,
  `
  -- one round trip per batch phase, with plans cached per connection (see runtime/rows.ts)
  -- the lock set as one array (an InitPlan), so that even a generic plan reads process instances
  -- by primary key instead of joining against the whole table
  CREATE FUNCTION engine.lock_load(p_instances bigint[], p_jobs bigint[], p_elements bigint[], p_incidents bigint[], p_timers bigint[])
  RETURNS TABLE (t text, r jsonb) LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    wanted bigint[];
    locked bigint[];
    active bigint[];
  BEGIN
    wanted := ARRAY(
      SELECT unnest(p_instances)
      UNION SELECT process_instance_key FROM engine.job WHERE key = ANY(p_jobs)
      UNION SELECT process_instance_key FROM engine.element_instance WHERE key = ANY(p_elements)
      UNION SELECT process_instance_key FROM engine.incident WHERE key = ANY(p_incidents)
      UNION SELECT process_instance_key FROM engine.timer WHERE key = ANY(p_timers) AND process_instance_key IS NOT NULL);
    locked := ARRAY(SELECT key FROM engine.process_instance WHERE key = ANY(wanted) ORDER BY key FOR UPDATE);
    -- each statement below takes a fresh snapshot: it sees what a transaction we waited for committed
    RETURN QUERY SELECT 'p'::text, to_jsonb(x) FROM engine.process_instance x WHERE x.key = ANY(locked);
    active := ARRAY(SELECT key FROM engine.process_instance WHERE key = ANY(locked) AND state = 'ACTIVE');
    IF cardinality(active) > 0 THEN
      RETURN QUERY SELECT 'e'::text, to_jsonb(x) FROM engine.element_instance x WHERE x.process_instance_key = ANY(active);
      RETURN QUERY SELECT 'v'::text, to_jsonb(x) FROM engine.variable x WHERE x.process_instance_key = ANY(active);
      RETURN QUERY SELECT 'j'::text, to_jsonb(x) FROM engine.job x WHERE x.process_instance_key = ANY(active);
      RETURN QUERY SELECT 't'::text, to_jsonb(x) FROM engine.timer x WHERE x.process_instance_key = ANY(active);
      RETURN QUERY SELECT 's'::text, to_jsonb(x) FROM engine.subscription x WHERE x.process_instance_key = ANY(active);
      RETURN QUERY SELECT 'i'::text, to_jsonb(x) FROM engine.incident x WHERE x.process_instance_key = ANY(active);
    END IF;
    IF cardinality(p_timers) > 0 THEN
      -- timer start events belong to no instance: lock the timer rows themselves
      RETURN QUERY SELECT 'T'::text, to_jsonb(x) FROM engine.timer x
        WHERE x.key = ANY(p_timers) AND x.process_instance_key IS NULL FOR UPDATE SKIP LOCKED;
    END IF;
  END $fn$;
    -- deletes by key arrays (index scans): an IN (subquery) over a JSON array was planned as a hash
  -- join over the whole table, and these tables churn
  CREATE FUNCTION engine.apply(doc jsonb) RETURNS void LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    scopes bigint[];
  BEGIN
    IF doc ? 'process_instance_del' THEN
      DELETE FROM engine.process_instance WHERE key = ANY(ARRAY(SELECT jsonb_array_elements_text(doc->'process_instance_del')::bigint));
    END IF;
    IF doc ? 'process_instance_up' THEN
      INSERT INTO engine.process_instance (key, definition_key, bpmn_process_id, version, state, parent_process_instance_key, parent_element_instance_key, start_correlation_key, created_at, ended_at) SELECT key, definition_key, bpmn_process_id, version, state, parent_process_instance_key, parent_element_instance_key, start_correlation_key, created_at, ended_at FROM jsonb_populate_recordset(NULL::engine.process_instance, doc->'process_instance_up')
        ON CONFLICT (key) DO UPDATE SET definition_key = EXCLUDED.definition_key, bpmn_process_id = EXCLUDED.bpmn_process_id, version = EXCLUDED.version, state = EXCLUDED.state, parent_process_instance_key = EXCLUDED.parent_process_instance_key, parent_element_instance_key = EXCLUDED.parent_element_instance_key, start_correlation_key = EXCLUDED.start_correlation_key, created_at = EXCLUDED.created_at, ended_at = EXCLUDED.ended_at;
    END IF;
    IF doc ? 'element_instance_del' THEN
      DELETE FROM engine.element_instance WHERE key = ANY(ARRAY(SELECT jsonb_array_elements_text(doc->'element_instance_del')::bigint));
    END IF;
    IF doc ? 'element_instance_up' THEN
      INSERT INTO engine.element_instance (key, process_instance_key, element_id, flow_scope_key, state, data) SELECT key, process_instance_key, element_id, flow_scope_key, state, data FROM jsonb_populate_recordset(NULL::engine.element_instance, doc->'element_instance_up')
        ON CONFLICT (key) DO UPDATE SET process_instance_key = EXCLUDED.process_instance_key, element_id = EXCLUDED.element_id, flow_scope_key = EXCLUDED.flow_scope_key, state = EXCLUDED.state, data = EXCLUDED.data;
    END IF;
    IF doc ? 'job_del' THEN
      DELETE FROM engine.job WHERE key = ANY(ARRAY(SELECT jsonb_array_elements_text(doc->'job_del')::bigint));
    END IF;
    IF doc ? 'job_up' THEN
      INSERT INTO engine.job (key, process_instance_key, element_instance_key, type, kind, state, retries, worker, deadline, activatable_at, error_message, custom_headers, scope_keys, bpmn_process_id, version, definition_key, element_id, created_at) SELECT key, process_instance_key, element_instance_key, type, kind, state, retries, worker, deadline, activatable_at, error_message, custom_headers, scope_keys, bpmn_process_id, version, definition_key, element_id, created_at FROM jsonb_populate_recordset(NULL::engine.job, doc->'job_up')
        ON CONFLICT (key) DO UPDATE SET process_instance_key = EXCLUDED.process_instance_key, element_instance_key = EXCLUDED.element_instance_key, type = EXCLUDED.type, kind = EXCLUDED.kind, state = EXCLUDED.state, retries = EXCLUDED.retries, worker = EXCLUDED.worker, deadline = EXCLUDED.deadline, activatable_at = EXCLUDED.activatable_at, error_message = EXCLUDED.error_message, custom_headers = EXCLUDED.custom_headers, scope_keys = EXCLUDED.scope_keys, bpmn_process_id = EXCLUDED.bpmn_process_id, version = EXCLUDED.version, definition_key = EXCLUDED.definition_key, element_id = EXCLUDED.element_id, created_at = EXCLUDED.created_at;
    END IF;
    IF doc ? 'timer_del' THEN
      DELETE FROM engine.timer WHERE key = ANY(ARRAY(SELECT jsonb_array_elements_text(doc->'timer_del')::bigint));
    END IF;
    IF doc ? 'timer_up' THEN
      INSERT INTO engine.timer (key, process_instance_key, element_instance_key, definition_key, element_id, due_at, repetitions, cycle) SELECT key, process_instance_key, element_instance_key, definition_key, element_id, due_at, repetitions, cycle FROM jsonb_populate_recordset(NULL::engine.timer, doc->'timer_up')
        ON CONFLICT (key) DO UPDATE SET process_instance_key = EXCLUDED.process_instance_key, element_instance_key = EXCLUDED.element_instance_key, definition_key = EXCLUDED.definition_key, element_id = EXCLUDED.element_id, due_at = EXCLUDED.due_at, repetitions = EXCLUDED.repetitions, cycle = EXCLUDED.cycle;
    END IF;
    IF doc ? 'subscription_del' THEN
      DELETE FROM engine.subscription WHERE key = ANY(ARRAY(SELECT jsonb_array_elements_text(doc->'subscription_del')::bigint));
    END IF;
    IF doc ? 'subscription_up' THEN
      INSERT INTO engine.subscription (key, kind, process_instance_key, element_instance_key, element_id, bpmn_process_id, name, correlation_key, interrupting) SELECT key, kind, process_instance_key, element_instance_key, element_id, bpmn_process_id, name, correlation_key, interrupting FROM jsonb_populate_recordset(NULL::engine.subscription, doc->'subscription_up')
        ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, process_instance_key = EXCLUDED.process_instance_key, element_instance_key = EXCLUDED.element_instance_key, element_id = EXCLUDED.element_id, bpmn_process_id = EXCLUDED.bpmn_process_id, name = EXCLUDED.name, correlation_key = EXCLUDED.correlation_key, interrupting = EXCLUDED.interrupting;
    END IF;
    IF doc ? 'incident_del' THEN
      DELETE FROM engine.incident WHERE key = ANY(ARRAY(SELECT jsonb_array_elements_text(doc->'incident_del')::bigint));
    END IF;
    IF doc ? 'incident_up' THEN
      INSERT INTO engine.incident (key, process_instance_key, element_instance_key, element_id, job_key, error_type, error_message, phase, created_at) SELECT key, process_instance_key, element_instance_key, element_id, job_key, error_type, error_message, phase, created_at FROM jsonb_populate_recordset(NULL::engine.incident, doc->'incident_up')
        ON CONFLICT (key) DO UPDATE SET process_instance_key = EXCLUDED.process_instance_key, element_instance_key = EXCLUDED.element_instance_key, element_id = EXCLUDED.element_id, job_key = EXCLUDED.job_key, error_type = EXCLUDED.error_type, error_message = EXCLUDED.error_message, phase = EXCLUDED.phase, created_at = EXCLUDED.created_at;
    END IF;
    IF doc ? 'scope_del' THEN
      DELETE FROM engine.variable WHERE scope_key = ANY(ARRAY(SELECT jsonb_array_elements_text(doc->'scope_del')::bigint));
    END IF;
    IF doc ? 'variable_del' THEN
      scopes := ARRAY(SELECT DISTINCT (x->>'scope_key')::bigint FROM jsonb_array_elements(doc->'variable_del') x);
      DELETE FROM engine.variable v USING jsonb_to_recordset(doc->'variable_del') AS x(scope_key bigint, name text)
        WHERE v.scope_key = ANY(scopes) AND v.scope_key = x.scope_key AND v.name = x.name;
    END IF;
    IF doc ? 'variable_up' THEN
      INSERT INTO engine.variable (scope_key, name, process_instance_key, value)
        SELECT x.scope_key, x.name, x.process_instance_key, x.value
          FROM jsonb_to_recordset(doc->'variable_up') AS x(scope_key bigint, name text, process_instance_key bigint, value jsonb)
        ON CONFLICT (scope_key, name) DO UPDATE SET value = EXCLUDED.value;
    END IF;
    IF doc ? 'events' THEN
      INSERT INTO engine.event_log (key, process_instance_key, bpmn_process_id, definition_key, version, element_id, element_type, bpmn_element_type, flow_scope_key, intent, job_type, job_worker, error_type, error_message, created_at)
        SELECT key, process_instance_key, bpmn_process_id, definition_key, version, element_id, element_type, bpmn_element_type, flow_scope_key, intent, job_type, job_worker, error_type, error_message, created_at FROM jsonb_populate_recordset(NULL::engine.event_log, doc->'events');
    END IF;
    IF doc ? 'notify' THEN
      PERFORM pg_notify('engine_jobs', (doc->>'origin') || ':' || n) FROM jsonb_array_elements_text(doc->'notify') n;
    END IF;
  END $fn$;
  `,
];
