-- Idempotency-Key on $execute: the first job accepted under a key, and a fingerprint of its task and params.
create table idempotency_keys (
    idem_key    varchar(255)             primary key,
    fingerprint varchar(64)              not null,
    job_id      varchar(26)              not null,
    artifact_id varchar(26)              not null,
    created_at  timestamp with time zone not null
);
create index idempotency_keys_created_at_idx on idempotency_keys (created_at);
