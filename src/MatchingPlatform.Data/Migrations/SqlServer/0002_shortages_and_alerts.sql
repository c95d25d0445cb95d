-- Shortage snapshots and training alerts, SQL Server dialect: the same tables, columns, constraints, indexes and
-- foreign keys as Migrations/Sqlite/0002_shortages_and_alerts.sql (see there for what each table means).
-- Identities are IDENTITY(1,1), ratios FLOAT (double precision), codes and ids the binary collation of 0001
-- (a foreign key needs the referenced column's collation), and period dates 'YYYY-MM-DD' text.
-- SQL Server has no partial indexes: the "one open alert per key" and "opens and closes once" rules are
-- filtered unique indexes, which need the SET options SqlClient uses by default (ANSI_NULLS, QUOTED_IDENTIFIER on).

CREATE TABLE shortage_snapshots (
    id               BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    period_start     VARCHAR(10) COLLATE Latin1_General_100_BIN2 NOT NULL UNIQUE
                     CHECK (period_start LIKE '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    period_days      INT    NOT NULL CHECK (period_days > 0),
    as_of            BIGINT NOT NULL,
    taken_at         BIGINT NOT NULL,
    stat_rows        INT    NOT NULL CHECK (stat_rows >= 0),
    alerts_opened    INT    NOT NULL CHECK (alerts_opened >= 0),
    alerts_escalated INT    NOT NULL CHECK (alerts_escalated >= 0),
    alerts_closed    INT    NOT NULL CHECK (alerts_closed >= 0)
);

CREATE TABLE shortage_stats (
    snapshot_id      BIGINT NOT NULL REFERENCES shortage_snapshots (id) ON DELETE CASCADE,
    city_code        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    industry_code    NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES industries (code),
    skill_code       NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES skills (code),
    required_level   INT NOT NULL CHECK (required_level BETWEEN 1 AND 5),
    demand_headcount INT NOT NULL CHECK (demand_headcount > 0),
    open_vacancies   INT NOT NULL CHECK (open_vacancies > 0),
    supply           INT NOT NULL CHECK (supply >= 0),
    PRIMARY KEY (snapshot_id, city_code, industry_code, skill_code),
    CHECK (open_vacancies <= demand_headcount)
);
CREATE INDEX ix_shortage_stats_key ON shortage_stats (city_code, industry_code, skill_code, snapshot_id);

CREATE TABLE alerts (
    id                   BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    city_code            NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    industry_code        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES industries (code),
    skill_code           NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES skills (code),
    rule                 INT    NOT NULL CHECK (rule IN (1, 2)),
    severity             INT    NOT NULL CHECK (severity BETWEEN 1 AND 3),
    status               INT    NOT NULL CHECK (status IN (1, 2)),
    since_period         VARCHAR(10) COLLATE Latin1_General_100_BIN2 NOT NULL
                         CHECK (since_period LIKE '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    opened_snapshot_id   BIGINT NOT NULL REFERENCES shortage_snapshots (id),
    opened_at            BIGINT NOT NULL,
    closed_snapshot_id   BIGINT NULL REFERENCES shortage_snapshots (id),
    closed_at            BIGINT NULL,
    required_level       INT    NOT NULL CHECK (required_level BETWEEN 1 AND 5),
    ratio                FLOAT  NOT NULL CHECK (ratio > 0),
    demand_headcount     INT    NOT NULL CHECK (demand_headcount > 0),
    supply               INT    NOT NULL CHECK (supply >= 0),
    near_qualified_count INT    NOT NULL CHECK (near_qualified_count >= 0),
    UNIQUE (id, city_code),
    CHECK ((status = 1 AND closed_snapshot_id IS NULL AND closed_at IS NULL)
        OR (status = 2 AND closed_snapshot_id IS NOT NULL AND closed_at IS NOT NULL)),
    CHECK (closed_snapshot_id IS NULL OR closed_snapshot_id > opened_snapshot_id),
    CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
CREATE UNIQUE INDEX ux_alerts_open_key ON alerts (city_code, industry_code, skill_code) WHERE status = 1;

-- IDENTITY values only grow (a restart may skip a cached range; a rollback leaves a gap; neither reuses one).
CREATE TABLE alert_events (
    id               BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    alert_id         BIGINT NOT NULL,
    kind             INT    NOT NULL CHECK (kind IN (1, 2, 3)),
    snapshot_id      BIGINT NOT NULL REFERENCES shortage_snapshots (id),
    severity         INT    NOT NULL CHECK (severity BETWEEN 1 AND 3),
    ratio            FLOAT  NOT NULL CHECK (ratio >= 0),
    demand_headcount INT    NOT NULL CHECK (demand_headcount >= 0),
    supply           INT    NULL CHECK (supply IS NULL OR supply >= 0),
    city_code        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    occurred_at      BIGINT NOT NULL,
    FOREIGN KEY (alert_id, city_code) REFERENCES alerts (id, city_code),
    UNIQUE (alert_id, snapshot_id),
    CHECK (kind = 3 OR (demand_headcount > 0 AND supply IS NOT NULL)),
    CHECK (supply IS NOT NULL OR demand_headcount = 0)
);
CREATE INDEX ix_alert_events_city ON alert_events (city_code, id);
CREATE UNIQUE INDEX ux_alert_events_once ON alert_events (alert_id, kind) WHERE kind <> 2;

-- Two cascading parents (alerts, workers) reach this table by one path each: no "multiple cascade paths" error.
CREATE TABLE alert_near_qualified (
    alert_id       BIGINT NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    worker_id      NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    held_level     INT    NOT NULL CHECK (held_level BETWEEN 0 AND 5),
    required_level INT    NOT NULL CHECK (required_level BETWEEN 1 AND 5),
    vacancy_id     NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (DATALENGTH(vacancy_id) > 0),
    PRIMARY KEY (alert_id, worker_id),
    CHECK (held_level < required_level)
);
CREATE INDEX ix_alert_near_qualified_worker ON alert_near_qualified (worker_id);

CREATE TABLE alert_acks (
    alert_id  BIGINT NOT NULL REFERENCES alerts (id),
    bureau_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL CHECK (DATALENGTH(bureau_id) > 0),
    acked_at  BIGINT NOT NULL,
    PRIMARY KEY (alert_id, bureau_id)
);
