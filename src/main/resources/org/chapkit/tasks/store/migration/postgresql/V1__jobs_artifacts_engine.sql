-- Results: a job's result is a level-0 artifact; a task may add level-1 children through its context.
create table artifacts (
    id           varchar(26)              primary key,
    parent_id    varchar(26)              references artifacts (id) on delete cascade,
    level        integer                  not null,
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null,
    content_type varchar(255)             not null,
    size         bigint                   not null,
    data         text,
    content      bytea
);
create index artifacts_parent_idx on artifacts (parent_id, id);

-- Jobs: one row per accepted execute request. Ids are ULIDs, so ordering by id is ordering by submission.
create table jobs (
    id                varchar(26)              primary key,
    task_name         varchar(255)             not null,
    params            text                     not null,
    status            varchar(16)              not null,
    submitted_at      timestamp with time zone not null,
    started_at        timestamp with time zone,
    finished_at       timestamp with time zone,
    progress_fraction double precision,
    progress_message  varchar(1000),
    error             text,
    error_type        varchar(500),
    error_traceback   text,
    artifact_id       varchar(26)              not null,
    cancel_requested  boolean                  not null default false,
    attempts          integer                  not null default 0
);
create index jobs_status_idx on jobs (status, id);
create index jobs_task_name_idx on jobs (task_name, id);
create index jobs_finished_at_idx on jobs (finished_at);

-- The engine's table, as db-scheduler 16 expects it.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_idx on scheduled_tasks (priority desc, execution_time asc);
