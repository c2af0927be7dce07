-- Two indexes that only periodic housekeeping read, while every job kept them up to date:
-- * jobs (finished_at): the purge (hourly by default). Every job's insert and end changed it. The purge now walks
--   the primary key instead, up to the first id submitted after its cutoff (a job ends after it was submitted,
--   and ids are ULIDs, ordered by submission time): JobRepository.finishedBefore.
-- * scheduled_tasks (last_heartbeat): db-scheduler's search for dead executions (every two heartbeat intervals).
--   Every pick and every heartbeat changed it. The table holds only executions not yet done (at most the queue
--   limit plus the running ones), so that search reads it whole in a few milliseconds.
drop index if exists jobs_finished_at_idx;
drop index if exists scheduled_tasks_last_heartbeat_idx;
