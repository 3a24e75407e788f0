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
  CREATE INDEX job_activatable ON engine.job (type, key) WHERE state IN ('ACTIVATABLE', 'ACTIVATED');

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
];
