-- Workers' contact details, PostgreSQL dialect: the same table as Migrations/Sqlite/0005_worker_contacts.sql
-- (sealed by the application; see there).
CREATE TABLE worker_contacts (
    worker_id    TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES workers (id) ON DELETE CASCADE,
    sealed_value TEXT NOT NULL CHECK (length(sealed_value) > 0),
    key_id       TEXT COLLATE "C" NOT NULL CHECK (length(key_id) > 0)
);
