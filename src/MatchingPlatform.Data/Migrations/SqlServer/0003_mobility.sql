-- Mobility, SQL Server dialect: the same table, columns, constraints and indexes as
-- Migrations/Sqlite/0003_mobility.sql (see there for what the table means). Codes and ids use the binary
-- collation of 0001 (a foreign key needs the referenced column's collation); dates are 'YYYY-MM-DD' text.
-- Only the reference to workers cascades, so there is a single cascade path.

CREATE TABLE relocations (
    id        BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    worker_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    from_city NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    to_city   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    moved_on  VARCHAR(10) COLLATE Latin1_General_100_BIN2 NOT NULL
              CHECK (moved_on LIKE '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CHECK (from_city <> to_city)
);
CREATE INDEX ix_relocations_worker ON relocations (worker_id);
CREATE INDEX ix_relocations_moved_on ON relocations (moved_on);
