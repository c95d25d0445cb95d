-- Workforce-resilience index: imported external indicators, quarterly snapshots of the index and its dimensions,
-- resilience warnings, and the generalisation of the alert outbox so that warnings reach training bureaus and
-- analysts through the same stream (alert_events, monotonic ids) as skill-shortage alerts. SQLite dialect.
--
-- Design (docs/resilience.md): resilience warnings are a second alert *subject* next to skill shortages. They keep
-- their own tables (a warning is about a city and an index or dimension, not an industry and a skill, so the
-- alerts table's NOT NULL foreign keys to industries and skills stay as they are), and their events are rows of the
-- one outbox: an alert_events row names either a shortage alert and its snapshot (alert_id, snapshot_id: every row
-- written before this migration) or a resilience warning and its snapshot (resilience_alert_id,
-- resilience_snapshot_id, with the score in score), never both. Both writers take the same append lock, so ids stay
-- monotonic in commit order across both subjects.

-- Indicators the platform cannot compute, imported from a city-quarter CSV (city, quarter, indicator, value).
-- One value per city, quarter and indicator; a re-import replaces it.
CREATE TABLE resilience_external_values (
    city_code   TEXT NOT NULL REFERENCES cities (code),
    quarter     TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
    indicator   TEXT NOT NULL CHECK (length(indicator) > 0),
    value       REAL NOT NULL,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (city_code, quarter, indicator)
);

-- One snapshot per quarter: the index computed over the panel of every quarter up to and including it (weights
-- and min-max bounds as known then), never rewritten later, so warnings follow from what was known at the time.
CREATE TABLE resilience_snapshots (
    id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    quarter            TEXT    NOT NULL UNIQUE CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
    taken_at           INTEGER NOT NULL,
    cities             INTEGER NOT NULL CHECK (cities >= 0),
    warnings_opened    INTEGER NOT NULL CHECK (warnings_opened >= 0),
    warnings_escalated INTEGER NOT NULL CHECK (warnings_escalated >= 0),
    warnings_closed    INTEGER NOT NULL CHECK (warnings_closed >= 0)
);

-- Scores 0..100 of the overall index (subject 'index') and of each dimension, per city, in one snapshot.
CREATE TABLE resilience_scores (
    snapshot_id INTEGER NOT NULL REFERENCES resilience_snapshots (id) ON DELETE CASCADE,
    city_code   TEXT    NOT NULL REFERENCES cities (code),
    subject     TEXT    NOT NULL CHECK (subject IN ('index', 'resistance', 'recovery', 'adaptability', 'transformation')),
    score       REAL    NOT NULL CHECK (score >= 0 AND score <= 100),
    PRIMARY KEY (snapshot_id, city_code, subject)
);

-- Resilience warnings: the same life cycle as shortage alerts (opened, escalated, closed by snapshots; at most one
-- open per key), rule 1 = at or below the level for N quarters, 2 = falling fast.
CREATE TABLE resilience_alerts (
    id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    city_code          TEXT    NOT NULL REFERENCES cities (code),
    subject            TEXT    NOT NULL CHECK (subject IN ('index', 'resistance', 'recovery', 'adaptability', 'transformation')),
    rule               INTEGER NOT NULL CHECK (rule IN (1, 2)),
    severity           INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    status             INTEGER NOT NULL CHECK (status IN (1, 2)),
    since_quarter      TEXT    NOT NULL CHECK (since_quarter GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
    opened_snapshot_id INTEGER NOT NULL REFERENCES resilience_snapshots (id),
    opened_at          INTEGER NOT NULL,
    closed_snapshot_id INTEGER NULL REFERENCES resilience_snapshots (id),
    closed_at          INTEGER NULL,
    score              REAL    NOT NULL CHECK (score >= 0 AND score <= 100),
    UNIQUE (id, city_code),
    CHECK ((status = 1 AND closed_snapshot_id IS NULL AND closed_at IS NULL)
        OR (status = 2 AND closed_snapshot_id IS NOT NULL AND closed_at IS NOT NULL)),
    CHECK (closed_snapshot_id IS NULL OR closed_snapshot_id > opened_snapshot_id),
    CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
CREATE UNIQUE INDEX ux_resilience_alerts_open_key ON resilience_alerts (city_code, subject) WHERE status = 1;

-- The outbox, generalised. SQLite cannot drop NOT NULL or a foreign key in place, so alert_events is rebuilt (on every
-- dialect, so the three scripts declare the same schema): no table references it, ids are copied unchanged, and the
-- AUTOINCREMENT high-water mark is carried over so that an id is never handed out twice (also one whose row was
-- deleted). The uniqueness rules of 0002 become filtered unique indexes that ignore the other subject's rows.
CREATE TABLE alert_events_new (
    id                     INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    alert_id               INTEGER NULL,
    kind                   INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
    snapshot_id            INTEGER NULL REFERENCES shortage_snapshots (id),
    severity               INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    ratio                  REAL    NOT NULL CHECK (ratio >= 0),
    demand_headcount       INTEGER NOT NULL CHECK (demand_headcount >= 0),
    supply                 INTEGER NULL CHECK (supply IS NULL OR supply >= 0),
    city_code              TEXT    NOT NULL,
    occurred_at            INTEGER NOT NULL,
    resilience_alert_id    INTEGER NULL,
    resilience_snapshot_id INTEGER NULL REFERENCES resilience_snapshots (id),
    score                  REAL    NULL CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
    FOREIGN KEY (alert_id, city_code) REFERENCES alerts (id, city_code),
    FOREIGN KEY (resilience_alert_id, city_code) REFERENCES resilience_alerts (id, city_code),
    -- Exactly one subject: a shortage alert in a shortage snapshot, or a resilience warning in a resilience snapshot.
    CHECK ((alert_id IS NOT NULL AND snapshot_id IS NOT NULL AND resilience_alert_id IS NULL AND resilience_snapshot_id IS NULL AND score IS NULL)
        OR (alert_id IS NULL AND snapshot_id IS NULL AND resilience_alert_id IS NOT NULL AND resilience_snapshot_id IS NOT NULL
            AND score IS NOT NULL AND ratio = 0 AND demand_headcount = 0 AND supply IS NULL)),
    -- The shortage rules of 0002, unchanged for shortage events.
    CHECK (alert_id IS NULL OR kind = 3 OR (demand_headcount > 0 AND supply IS NOT NULL)),
    CHECK (supply IS NOT NULL OR demand_headcount = 0)
);
INSERT INTO alert_events_new (id, alert_id, kind, snapshot_id, severity, ratio, demand_headcount, supply, city_code, occurred_at)
SELECT id, alert_id, kind, snapshot_id, severity, ratio, demand_headcount, supply, city_code, occurred_at FROM alert_events;
INSERT INTO sqlite_sequence (name, seq)
SELECT 'alert_events_new', seq FROM sqlite_sequence
WHERE name = 'alert_events' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'alert_events_new');
UPDATE sqlite_sequence
SET seq = (SELECT MAX(seq) FROM sqlite_sequence WHERE name IN ('alert_events', 'alert_events_new'))
WHERE name = 'alert_events_new';
DROP TABLE alert_events;
ALTER TABLE alert_events_new RENAME TO alert_events;
CREATE INDEX ix_alert_events_city ON alert_events (city_code, id);
-- A snapshot changes an alert or warning at most once; an alert or warning opens once and closes once.
CREATE UNIQUE INDEX ux_alert_events_snapshot ON alert_events (alert_id, snapshot_id) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_events_resilience_snapshot ON alert_events (resilience_alert_id, resilience_snapshot_id) WHERE resilience_alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_events_once ON alert_events (alert_id, kind) WHERE kind <> 2 AND alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_events_resilience_once ON alert_events (resilience_alert_id, kind) WHERE kind <> 2 AND resilience_alert_id IS NOT NULL;
