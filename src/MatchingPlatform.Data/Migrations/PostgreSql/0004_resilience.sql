-- Workforce-resilience index, PostgreSQL dialect: the same tables, columns, constraints and indexes as
-- Migrations/Sqlite/0004_resilience.sql (see there, and docs/resilience.md, for the design). alert_events is rebuilt
-- as on SQLite, ids copied with OVERRIDING SYSTEM VALUE and the identity's position carried over, so that the three
-- dialects declare one schema and no id is ever handed out twice.

CREATE TABLE resilience_external_values (
    city_code   TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    quarter     VARCHAR(7) COLLATE "C" NOT NULL CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
    indicator   TEXT COLLATE "C" NOT NULL CHECK (length(indicator) > 0),
    value       DOUBLE PRECISION NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (city_code, quarter, indicator)
);

CREATE TABLE resilience_snapshots (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    quarter            VARCHAR(7) COLLATE "C" NOT NULL UNIQUE CHECK (quarter ~ '^[0-9]{4}-Q[1-4]$'),
    taken_at           BIGINT  NOT NULL,
    cities             INTEGER NOT NULL CHECK (cities >= 0),
    warnings_opened    INTEGER NOT NULL CHECK (warnings_opened >= 0),
    warnings_escalated INTEGER NOT NULL CHECK (warnings_escalated >= 0),
    warnings_closed    INTEGER NOT NULL CHECK (warnings_closed >= 0)
);

CREATE TABLE resilience_scores (
    snapshot_id BIGINT NOT NULL REFERENCES resilience_snapshots (id) ON DELETE CASCADE,
    city_code   TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    subject     VARCHAR(16) COLLATE "C" NOT NULL CHECK (subject IN ('index', 'resistance', 'recovery', 'adaptability', 'transformation')),
    score       DOUBLE PRECISION NOT NULL CHECK (score >= 0 AND score <= 100),
    PRIMARY KEY (snapshot_id, city_code, subject)
);

CREATE TABLE resilience_alerts (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_code          TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    subject            VARCHAR(16) COLLATE "C" NOT NULL CHECK (subject IN ('index', 'resistance', 'recovery', 'adaptability', 'transformation')),
    rule               INTEGER NOT NULL CHECK (rule IN (1, 2)),
    severity           INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    status             INTEGER NOT NULL CHECK (status IN (1, 2)),
    since_quarter      VARCHAR(7) COLLATE "C" NOT NULL CHECK (since_quarter ~ '^[0-9]{4}-Q[1-4]$'),
    opened_snapshot_id BIGINT NOT NULL REFERENCES resilience_snapshots (id),
    opened_at          BIGINT NOT NULL,
    closed_snapshot_id BIGINT NULL REFERENCES resilience_snapshots (id),
    closed_at          BIGINT NULL,
    score              DOUBLE PRECISION NOT NULL CHECK (score >= 0 AND score <= 100),
    UNIQUE (id, city_code),
    CHECK ((status = 1 AND closed_snapshot_id IS NULL AND closed_at IS NULL)
        OR (status = 2 AND closed_snapshot_id IS NOT NULL AND closed_at IS NOT NULL)),
    CHECK (closed_snapshot_id IS NULL OR closed_snapshot_id > opened_snapshot_id),
    CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
CREATE UNIQUE INDEX ux_resilience_alerts_open_key ON resilience_alerts (city_code, subject) WHERE status = 1;

CREATE TABLE alert_events_new (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id               BIGINT  NULL,
    kind                   INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
    snapshot_id            BIGINT  NULL REFERENCES shortage_snapshots (id),
    severity               INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    ratio                  DOUBLE PRECISION NOT NULL CHECK (ratio >= 0),
    demand_headcount       INTEGER NOT NULL CHECK (demand_headcount >= 0),
    supply                 INTEGER NULL CHECK (supply IS NULL OR supply >= 0),
    city_code              TEXT COLLATE "C" NOT NULL,
    occurred_at            BIGINT  NOT NULL,
    resilience_alert_id    BIGINT  NULL,
    resilience_snapshot_id BIGINT  NULL REFERENCES resilience_snapshots (id),
    score                  DOUBLE PRECISION NULL CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
    FOREIGN KEY (alert_id, city_code) REFERENCES alerts (id, city_code),
    FOREIGN KEY (resilience_alert_id, city_code) REFERENCES resilience_alerts (id, city_code),
    CHECK ((alert_id IS NOT NULL AND snapshot_id IS NOT NULL AND resilience_alert_id IS NULL AND resilience_snapshot_id IS NULL AND score IS NULL)
        OR (alert_id IS NULL AND snapshot_id IS NULL AND resilience_alert_id IS NOT NULL AND resilience_snapshot_id IS NOT NULL
            AND score IS NOT NULL AND ratio = 0 AND demand_headcount = 0 AND supply IS NULL)),
    CHECK (alert_id IS NULL OR kind = 3 OR (demand_headcount > 0 AND supply IS NOT NULL)),
    CHECK (supply IS NOT NULL OR demand_headcount = 0)
);
INSERT INTO alert_events_new (id, alert_id, kind, snapshot_id, severity, ratio, demand_headcount, supply, city_code, occurred_at)
OVERRIDING SYSTEM VALUE
SELECT id, alert_id, kind, snapshot_id, severity, ratio, demand_headcount, supply, city_code, occurred_at FROM alert_events;
DO $$
DECLARE
    last_id BIGINT;
    called  BOOLEAN;
BEGIN
    EXECUTE format('SELECT last_value, is_called FROM %s', pg_get_serial_sequence('alert_events', 'id')) INTO last_id, called;
    PERFORM setval(pg_get_serial_sequence('alert_events_new', 'id'), last_id, called);
END $$;
DROP TABLE alert_events;
ALTER TABLE alert_events_new RENAME TO alert_events;
CREATE INDEX ix_alert_events_city ON alert_events (city_code, id);
CREATE UNIQUE INDEX ux_alert_events_snapshot ON alert_events (alert_id, snapshot_id) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_events_resilience_snapshot ON alert_events (resilience_alert_id, resilience_snapshot_id) WHERE resilience_alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_events_once ON alert_events (alert_id, kind) WHERE kind <> 2 AND alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_events_resilience_once ON alert_events (resilience_alert_id, kind) WHERE kind <> 2 AND resilience_alert_id IS NOT NULL;
