-- Mobility, SQLite dialect: recorded relocations. A row is written by WorkerRepository.UpdateAsync, in the same
-- transaction as the update, whenever an update changes a worker's city: the worker moved from from_city to
-- to_city on moved_on (the UTC date of the update). Flows between cities are aggregated from these rows, from
-- consecutive work-history entries and from cross-city applications and hires (Data/Mobility).
-- Deleting a worker deletes their relocations (right to be forgotten). Ids are never reused.

CREATE TABLE relocations (
    id        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    worker_id TEXT    NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    from_city TEXT    NOT NULL REFERENCES cities (code),
    to_city   TEXT    NOT NULL REFERENCES cities (code),
    moved_on  TEXT    NOT NULL CHECK (moved_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CHECK (from_city <> to_city)
);
-- The cascade from workers looks rows up by worker; flows filter by date.
CREATE INDEX ix_relocations_worker ON relocations (worker_id);
CREATE INDEX ix_relocations_moved_on ON relocations (moved_on);
