-- Workforce-resilience index, SQL Server dialect: the same tables, columns, constraints and indexes as
-- Migrations/Sqlite/0004_resilience.sql (see there, and docs/resilience.md, for the design). alert_events is rebuilt
-- as on SQLite: ids copied under IDENTITY_INSERT and the identity reseeded to the old table's last value, so no id is
-- handed out twice. Filtered unique indexes (not UNIQUE constraints, which treat NULLs as equal here) keep the
-- uniqueness rules of 0002 for shortage rows and apply the same ones to resilience rows. GO separates the batches
-- that use the rebuilt table's new columns.

CREATE TABLE resilience_external_values (
    city_code   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    quarter     VARCHAR(7) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (quarter LIKE '[0-9][0-9][0-9][0-9]-Q[1-4]'),
    indicator   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (LEN(indicator) > 0),
    value       FLOAT  NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (city_code, quarter, indicator)
);

CREATE TABLE resilience_snapshots (
    id                 BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    quarter            VARCHAR(7) COLLATE Latin1_General_100_BIN2 NOT NULL UNIQUE CHECK (quarter LIKE '[0-9][0-9][0-9][0-9]-Q[1-4]'),
    taken_at           BIGINT NOT NULL,
    cities             INT    NOT NULL CHECK (cities >= 0),
    warnings_opened    INT    NOT NULL CHECK (warnings_opened >= 0),
    warnings_escalated INT    NOT NULL CHECK (warnings_escalated >= 0),
    warnings_closed    INT    NOT NULL CHECK (warnings_closed >= 0)
);

CREATE TABLE resilience_scores (
    snapshot_id BIGINT NOT NULL REFERENCES resilience_snapshots (id) ON DELETE CASCADE,
    city_code   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    subject     VARCHAR(16) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (subject IN ('index', 'resistance', 'recovery', 'adaptability', 'transformation')),
    score       FLOAT  NOT NULL CHECK (score >= 0 AND score <= 100),
    PRIMARY KEY (snapshot_id, city_code, subject)
);

CREATE TABLE resilience_alerts (
    id                 BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    city_code          NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    subject            VARCHAR(16) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (subject IN ('index', 'resistance', 'recovery', 'adaptability', 'transformation')),
    rule               INT    NOT NULL CHECK (rule IN (1, 2)),
    severity           INT    NOT NULL CHECK (severity BETWEEN 1 AND 3),
    status             INT    NOT NULL CHECK (status IN (1, 2)),
    since_quarter      VARCHAR(7) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (since_quarter LIKE '[0-9][0-9][0-9][0-9]-Q[1-4]'),
    opened_snapshot_id BIGINT NOT NULL REFERENCES resilience_snapshots (id),
    opened_at          BIGINT NOT NULL,
    closed_snapshot_id BIGINT NULL REFERENCES resilience_snapshots (id),
    closed_at          BIGINT NULL,
    score              FLOAT  NOT NULL CHECK (score >= 0 AND score <= 100),
    UNIQUE (id, city_code),
    CHECK ((status = 1 AND closed_snapshot_id IS NULL AND closed_at IS NULL)
        OR (status = 2 AND closed_snapshot_id IS NOT NULL AND closed_at IS NOT NULL)),
    CHECK (closed_snapshot_id IS NULL OR closed_snapshot_id > opened_snapshot_id),
    CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
CREATE UNIQUE INDEX ux_resilience_alerts_open_key ON resilience_alerts (city_code, subject) WHERE status = 1;

CREATE TABLE alert_events_new (
    id                     BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    alert_id               BIGINT NULL,
    kind                   INT    NOT NULL CHECK (kind IN (1, 2, 3)),
    snapshot_id            BIGINT NULL REFERENCES shortage_snapshots (id),
    severity               INT    NOT NULL CHECK (severity BETWEEN 1 AND 3),
    ratio                  FLOAT  NOT NULL CHECK (ratio >= 0),
    demand_headcount       INT    NOT NULL CHECK (demand_headcount >= 0),
    supply                 INT    NULL CHECK (supply IS NULL OR supply >= 0),
    city_code              NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    occurred_at            BIGINT NOT NULL,
    resilience_alert_id    BIGINT NULL,
    resilience_snapshot_id BIGINT NULL REFERENCES resilience_snapshots (id),
    score                  FLOAT  NULL CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
    FOREIGN KEY (alert_id, city_code) REFERENCES alerts (id, city_code),
    FOREIGN KEY (resilience_alert_id, city_code) REFERENCES resilience_alerts (id, city_code),
    CHECK ((alert_id IS NOT NULL AND snapshot_id IS NOT NULL AND resilience_alert_id IS NULL AND resilience_snapshot_id IS NULL AND score IS NULL)
        OR (alert_id IS NULL AND snapshot_id IS NULL AND resilience_alert_id IS NOT NULL AND resilience_snapshot_id IS NOT NULL
            AND score IS NOT NULL AND ratio = 0 AND demand_headcount = 0 AND supply IS NULL)),
    CHECK (alert_id IS NULL OR kind = 3 OR (demand_headcount > 0 AND supply IS NOT NULL)),
    CHECK (supply IS NOT NULL OR demand_headcount = 0)
);
GO
SET IDENTITY_INSERT alert_events_new ON;
INSERT INTO alert_events_new (id, alert_id, kind, snapshot_id, severity, ratio, demand_headcount, supply, city_code, occurred_at)
SELECT id, alert_id, kind, snapshot_id, severity, ratio, demand_headcount, supply, city_code, occurred_at FROM alert_events;
SET IDENTITY_INSERT alert_events_new OFF;
-- Carry the high-water mark over only when the old table ever handed out an id (a fresh table's IDENT_CURRENT is its seed).
DECLARE @last BIGINT = (SELECT CAST(last_value AS BIGINT) FROM sys.identity_columns WHERE object_id = OBJECT_ID(N'alert_events'));
IF @last IS NOT NULL DBCC CHECKIDENT (N'alert_events_new', RESEED, @last);
DROP TABLE alert_events;
EXEC sp_rename N'alert_events_new', N'alert_events';
GO
CREATE INDEX ix_alert_events_city ON alert_events (city_code, id);
CREATE UNIQUE INDEX ux_alert_events_snapshot ON alert_events (alert_id, snapshot_id) WHERE alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_events_resilience_snapshot ON alert_events (resilience_alert_id, resilience_snapshot_id) WHERE resilience_alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_events_once ON alert_events (alert_id, kind) WHERE kind <> 2 AND alert_id IS NOT NULL;
CREATE UNIQUE INDEX ux_alert_events_resilience_once ON alert_events (resilience_alert_id, kind) WHERE kind <> 2 AND resilience_alert_id IS NOT NULL;
