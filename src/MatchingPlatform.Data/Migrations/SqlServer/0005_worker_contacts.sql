-- Workers' contact details, SQL Server dialect: the same table as Migrations/Sqlite/0005_worker_contacts.sql
-- (sealed by the application; see there).
CREATE TABLE worker_contacts (
    worker_id    NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY REFERENCES workers (id) ON DELETE CASCADE,
    sealed_value NVARCHAR(MAX) NOT NULL CHECK (DATALENGTH(sealed_value) > 0),
    key_id       NVARCHAR(64) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (DATALENGTH(key_id) > 0)
);
