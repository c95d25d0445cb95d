-- Mobility, PostgreSQL dialect: the same table, columns, constraints and indexes as
-- Migrations/Sqlite/0003_mobility.sql (see there for what the table means). Codes and ids use the "C" collation
-- as in 0001; dates are 'YYYY-MM-DD' text so that "<" on them is date order.

CREATE TABLE relocations (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    worker_id TEXT COLLATE "C" NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    from_city TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    to_city   TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    moved_on  VARCHAR(10) COLLATE "C" NOT NULL CHECK (moved_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    CHECK (from_city <> to_city)
);
CREATE INDEX ix_relocations_worker ON relocations (worker_id);
CREATE INDEX ix_relocations_moved_on ON relocations (moved_on);
