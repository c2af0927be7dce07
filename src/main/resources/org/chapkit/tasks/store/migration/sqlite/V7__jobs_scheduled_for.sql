-- When a job asked to start later may start; null for a job that starts as soon as a worker is free.
alter table jobs add column scheduled_for text;
