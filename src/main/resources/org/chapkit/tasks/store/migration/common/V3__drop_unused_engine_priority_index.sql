-- db-scheduler reads this index only with priority enabled, which the service never enables (JobEngine); every
-- insert, pick and removal of an execution still had to keep it up to date.
drop index if exists scheduled_tasks_priority_idx;
