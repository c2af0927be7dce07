-- SQLite has no time type: the service writes its instants as ISO-8601 text of one width (2026-11-26T10:15:30.123Z),
-- so comparing the text compares the times; db-scheduler writes its own as epoch milliseconds.

-- Results: a job's result is a level-0 artifact; a task may add level-1 children through its context.
create table artifacts (
    id           text    primary key,
    parent_id    text    references artifacts (id) on delete cascade,
    level        integer not null,
    created_at   text    not null,
    updated_at   text    not null,
    content_type text    not null,
    size         integer not null,
    data         text,
    content      blob
);
create index artifacts_parent_idx on artifacts (parent_id, id);

-- Jobs: one row per accepted execute request. Ids are ULIDs, so ordering by id is ordering by submission.
create table jobs (
    id                text    primary key,
    task_name         text    not null,
    params            text    not null,
    status            text    not null,
    submitted_at      text    not null,
    started_at        text,
    finished_at       text,
    progress_fraction real,
    progress_message  text,
    error             text,
    error_type        text,
    error_traceback   text,
    artifact_id       text    not null,
    cancel_requested  boolean not null default false,
    attempts          integer not null default 0
);
create index jobs_status_idx on jobs (status, id);
create index jobs_task_name_idx on jobs (task_name, id);
create index jobs_finished_at_idx on jobs (finished_at);

-- The engine's table, as db-scheduler 16 expects it.
create table scheduled_tasks (
    task_name            text    not null,
    task_instance        text    not null,
    task_data            blob,
    execution_time       integer not null,
    picked               boolean not null,
    picked_by            text,
    last_success         integer,
    last_failure         integer,
    consecutive_failures integer,
    last_heartbeat       integer,
    version              integer not null,
    priority             integer,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_idx on scheduled_tasks (priority desc, execution_time asc);
