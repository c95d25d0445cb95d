-- Acknowledgements of resilience warnings, as alert_acks (0002) is for shortage alerts: one row per warning and
-- acknowledger (a training bureau or an analyst, by the id it acts as), keeping the first acknowledgement's time in
-- Unix milliseconds like every other timestamp. A repeated acknowledgement inserts nothing (insert-if-absent on the
-- primary key), so the first time stays and concurrent first acknowledgements meet at the key. No cascade: nothing
-- deletes warnings, and a warning that somebody has acknowledged should not vanish silently. SQLite dialect.
CREATE TABLE resilience_warning_acks (
    warning_id      INTEGER NOT NULL REFERENCES resilience_alerts (id),
    acknowledger_id TEXT    NOT NULL CHECK (length(acknowledger_id) > 0),
    acked_at        INTEGER NOT NULL,
    PRIMARY KEY (warning_id, acknowledger_id)
);
