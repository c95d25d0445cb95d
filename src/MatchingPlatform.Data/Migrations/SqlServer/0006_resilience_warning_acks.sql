-- Acknowledgements of resilience warnings, SQL Server dialect: the same table as
-- Migrations/Sqlite/0006_resilience_warning_acks.sql (see there).
CREATE TABLE resilience_warning_acks (
    warning_id      BIGINT NOT NULL REFERENCES resilience_alerts (id),
    acknowledger_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (DATALENGTH(acknowledger_id) > 0),
    acked_at        BIGINT NOT NULL,
    PRIMARY KEY (warning_id, acknowledger_id)
);
