-- Retries: the attempt a job is on (1 for its first run), how many it may make, and when the next one starts while
-- it waits for it; how many times a crash cut it off and it ran again.
alter table jobs add column attempt integer not null default 1;
alter table jobs add column max_attempts integer not null default 1;
alter table jobs add column next_attempt_at text;
alter table jobs add column crash_restarts integer not null default 0;
