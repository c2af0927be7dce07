-- One row that the store's health probe updates: a write that tells whether the store takes writes (StoreHealth).
create table store_probe (
    id         integer     primary key,
    checked_at varchar(64) not null
);
insert into store_probe (id, checked_at) values (1, 'never');
