-- Acknowledgements of resilience warnings, PostgreSQL dialect: the same table as
-- Migrations/Sqlite/0006_resilience_warning_acks.sql (see there).
CREATE TABLE resilience_warning_acks (
    warning_id      BIGINT NOT NULL REFERENCES resilience_alerts (id),
    acknowledger_id TEXT COLLATE "C" NOT NULL CHECK (length(acknowledger_id) > 0),
    acked_at        BIGINT NOT NULL,
    PRIMARY KEY (warning_id, acknowledger_id)
);
