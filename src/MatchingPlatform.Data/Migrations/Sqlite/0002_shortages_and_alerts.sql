-- Shortage snapshots and training alerts, SQLite dialect. A snapshot is one row per period plus its statistics
-- rows; alerts are opened, escalated and closed by snapshots, and every change of an alert is one row of
-- alert_events: the outbox that training bureaus read by id ("everything after the last id I saw"). All of a
-- snapshot (statistics, alert changes, events, near-qualified lists) is written in one transaction.
-- As in 0001, constraints make invalid states unrepresentable: codes reference the reference tables, levels are
-- 1..5, an alert is closed exactly when it has a closing snapshot and time, at most one alert per key is open,
-- and an event's denormalised city is its alert's city.

CREATE TABLE shortage_snapshots (
    id               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    period_start     TEXT    NOT NULL UNIQUE CHECK (period_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    period_days      INTEGER NOT NULL CHECK (period_days > 0),
    as_of            INTEGER NOT NULL,
    taken_at         INTEGER NOT NULL,
    stat_rows        INTEGER NOT NULL CHECK (stat_rows >= 0),
    alerts_opened    INTEGER NOT NULL CHECK (alerts_opened >= 0),
    alerts_escalated INTEGER NOT NULL CHECK (alerts_escalated >= 0),
    alerts_closed    INTEGER NOT NULL CHECK (alerts_closed >= 0)
);

-- Demand per (city, industry, skill) in one snapshot; supply is per city and skill (seekers have no industry).
-- A key with no open demand has no row. Every open vacancy has headcount >= 1, so demand >= vacancies.
CREATE TABLE shortage_stats (
    snapshot_id      INTEGER NOT NULL REFERENCES shortage_snapshots (id) ON DELETE CASCADE,
    city_code        TEXT    NOT NULL REFERENCES cities (code),
    industry_code    TEXT    NOT NULL REFERENCES industries (code),
    skill_code       TEXT    NOT NULL REFERENCES skills (code),
    required_level   INTEGER NOT NULL CHECK (required_level BETWEEN 1 AND 5),
    demand_headcount INTEGER NOT NULL CHECK (demand_headcount > 0),
    open_vacancies   INTEGER NOT NULL CHECK (open_vacancies > 0),
    supply           INTEGER NOT NULL CHECK (supply >= 0),
    PRIMARY KEY (snapshot_id, city_code, industry_code, skill_code),
    CHECK (open_vacancies <= demand_headcount)
);
-- The history of one key across snapshots (trend display) without scanning every snapshot.
CREATE INDEX ix_shortage_stats_key ON shortage_stats (city_code, industry_code, skill_code, snapshot_id);

-- An alert's figures (required level, ratio, demand, supply) are those of its latest event that had statistics.
CREATE TABLE alerts (
    id                   INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    city_code            TEXT    NOT NULL REFERENCES cities (code),
    industry_code        TEXT    NOT NULL REFERENCES industries (code),
    skill_code           TEXT    NOT NULL REFERENCES skills (code),
    rule                 INTEGER NOT NULL CHECK (rule IN (1, 2)),
    severity             INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    status               INTEGER NOT NULL CHECK (status IN (1, 2)),
    since_period         TEXT    NOT NULL CHECK (since_period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    opened_snapshot_id   INTEGER NOT NULL REFERENCES shortage_snapshots (id),
    opened_at            INTEGER NOT NULL,
    closed_snapshot_id   INTEGER NULL REFERENCES shortage_snapshots (id),
    closed_at            INTEGER NULL,
    required_level       INTEGER NOT NULL CHECK (required_level BETWEEN 1 AND 5),
    ratio                REAL    NOT NULL CHECK (ratio > 0),
    demand_headcount     INTEGER NOT NULL CHECK (demand_headcount > 0),
    supply               INTEGER NOT NULL CHECK (supply >= 0),
    near_qualified_count INTEGER NOT NULL CHECK (near_qualified_count >= 0),
    -- The target of alert_events' (alert_id, city_code) key: an event cannot name another city than its alert's.
    UNIQUE (id, city_code),
    CHECK ((status = 1 AND closed_snapshot_id IS NULL AND closed_at IS NULL)
        OR (status = 2 AND closed_snapshot_id IS NOT NULL AND closed_at IS NOT NULL)),
    CHECK (closed_snapshot_id IS NULL OR closed_snapshot_id > opened_snapshot_id),
    CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
-- At most one open alert per key: a second snapshot, or a racing replica, can never open a duplicate.
CREATE UNIQUE INDEX ux_alerts_open_key ON alerts (city_code, industry_code, skill_code) WHERE status = 1;

-- The outbox. Ids are AUTOINCREMENT so they are never reused, even after the newest row is deleted: a subscriber
-- resuming after id X must never be handed an older event under a new id.
-- Supply is null only for a closing without statistics (the key had no demand left in the snapshot).
CREATE TABLE alert_events (
    id               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    alert_id         INTEGER NOT NULL,
    kind             INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
    snapshot_id      INTEGER NOT NULL REFERENCES shortage_snapshots (id),
    severity         INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    ratio            REAL    NOT NULL CHECK (ratio >= 0),
    demand_headcount INTEGER NOT NULL CHECK (demand_headcount >= 0),
    supply           INTEGER NULL CHECK (supply IS NULL OR supply >= 0),
    city_code        TEXT    NOT NULL,
    occurred_at      INTEGER NOT NULL,
    FOREIGN KEY (alert_id, city_code) REFERENCES alerts (id, city_code),
    -- A snapshot changes an alert at most once.
    UNIQUE (alert_id, snapshot_id),
    CHECK (kind = 3 OR (demand_headcount > 0 AND supply IS NOT NULL)),
    CHECK (supply IS NOT NULL OR demand_headcount = 0)
);
-- The jurisdiction filter of the resumable stream: "events of these cities after id X".
CREATE INDEX ix_alert_events_city ON alert_events (city_code, id);
-- An alert opens once and closes once.
CREATE UNIQUE INDEX ux_alert_events_once ON alert_events (alert_id, kind) WHERE kind <> 2;

-- Seekers who miss only the alert's skill (or hold it one level short). Deleting a worker deletes their rows
-- (right to be forgotten); near_qualified_count on the alert stays the count found when the alert opened.
-- vacancy_id is deliberately not a foreign key: it records where the seeker's gap was smallest when the alert
-- opened, and deleting an enterprise (with its closed vacancies) must neither be blocked by nor edit that record.
CREATE TABLE alert_near_qualified (
    alert_id       INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    worker_id      TEXT    NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    held_level     INTEGER NOT NULL CHECK (held_level BETWEEN 0 AND 5),
    required_level INTEGER NOT NULL CHECK (required_level BETWEEN 1 AND 5),
    vacancy_id     TEXT    NOT NULL CHECK (length(vacancy_id) > 0),
    PRIMARY KEY (alert_id, worker_id),
    CHECK (held_level < required_level)
);
-- The cascade from workers looks rows up by worker.
CREATE INDEX ix_alert_near_qualified_worker ON alert_near_qualified (worker_id);

-- One acknowledgement per alert and bureau; the first one's time is kept.
CREATE TABLE alert_acks (
    alert_id  INTEGER NOT NULL REFERENCES alerts (id),
    bureau_id TEXT    NOT NULL CHECK (length(bureau_id) > 0),
    acked_at  INTEGER NOT NULL,
    PRIMARY KEY (alert_id, bureau_id)
);
