-- A job started again from an earlier one names it.
alter table jobs add column rerun_of varchar(26);
