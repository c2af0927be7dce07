-- A pending job of a task with maxConcurrency that found every slot taken, and waits for one; and the index that
-- counts a task's running and waiting jobs.
alter table jobs add column waiting_slot boolean not null default false;
create index jobs_task_status_idx on jobs (task_name, status, id);
