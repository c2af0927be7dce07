-- db-scheduler's table on SQLite, as the service has it: instants are epoch milliseconds (sqlite-jdbc's setTimestamp).
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
