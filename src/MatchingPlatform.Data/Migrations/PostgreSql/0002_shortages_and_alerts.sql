-- Shortage snapshots and training alerts, PostgreSQL dialect: the same tables, columns, constraints, indexes and
-- foreign keys as Migrations/Sqlite/0002_shortages_and_alerts.sql (see there for what each table means).
-- Identities are GENERATED ALWAYS AS IDENTITY, ratios DOUBLE PRECISION, codes and ids use the "C" collation as
-- in 0001, and period dates are 'YYYY-MM-DD' text in byte order so that "<" on them is date order.

CREATE TABLE shortage_snapshots (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_start     VARCHAR(10) COLLATE "C" NOT NULL UNIQUE CHECK (period_start ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    period_days      INTEGER NOT NULL CHECK (period_days > 0),
    as_of            BIGINT  NOT NULL,
    taken_at         BIGINT  NOT NULL,
    stat_rows        INTEGER NOT NULL CHECK (stat_rows >= 0),
    alerts_opened    INTEGER NOT NULL CHECK (alerts_opened >= 0),
    alerts_escalated INTEGER NOT NULL CHECK (alerts_escalated >= 0),
    alerts_closed    INTEGER NOT NULL CHECK (alerts_closed >= 0)
);

CREATE TABLE shortage_stats (
    snapshot_id      BIGINT  NOT NULL REFERENCES shortage_snapshots (id) ON DELETE CASCADE,
    city_code        TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    industry_code    TEXT COLLATE "C" NOT NULL REFERENCES industries (code),
    skill_code       TEXT COLLATE "C" NOT NULL REFERENCES skills (code),
    required_level   INTEGER NOT NULL CHECK (required_level BETWEEN 1 AND 5),
    demand_headcount INTEGER NOT NULL CHECK (demand_headcount > 0),
    open_vacancies   INTEGER NOT NULL CHECK (open_vacancies > 0),
    supply           INTEGER NOT NULL CHECK (supply >= 0),
    PRIMARY KEY (snapshot_id, city_code, industry_code, skill_code),
    CHECK (open_vacancies <= demand_headcount)
);
CREATE INDEX ix_shortage_stats_key ON shortage_stats (city_code, industry_code, skill_code, snapshot_id);

CREATE TABLE alerts (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_code            TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    industry_code        TEXT COLLATE "C" NOT NULL REFERENCES industries (code),
    skill_code           TEXT COLLATE "C" NOT NULL REFERENCES skills (code),
    rule                 INTEGER NOT NULL CHECK (rule IN (1, 2)),
    severity             INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    status               INTEGER NOT NULL CHECK (status IN (1, 2)),
    since_period         VARCHAR(10) COLLATE "C" NOT NULL CHECK (since_period ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    opened_snapshot_id   BIGINT  NOT NULL REFERENCES shortage_snapshots (id),
    opened_at            BIGINT  NOT NULL,
    closed_snapshot_id   BIGINT  NULL REFERENCES shortage_snapshots (id),
    closed_at            BIGINT  NULL,
    required_level       INTEGER NOT NULL CHECK (required_level BETWEEN 1 AND 5),
    ratio                DOUBLE PRECISION NOT NULL CHECK (ratio > 0),
    demand_headcount     INTEGER NOT NULL CHECK (demand_headcount > 0),
    supply               INTEGER NOT NULL CHECK (supply >= 0),
    near_qualified_count INTEGER NOT NULL CHECK (near_qualified_count >= 0),
    UNIQUE (id, city_code),
    CHECK ((status = 1 AND closed_snapshot_id IS NULL AND closed_at IS NULL)
        OR (status = 2 AND closed_snapshot_id IS NOT NULL AND closed_at IS NOT NULL)),
    CHECK (closed_snapshot_id IS NULL OR closed_snapshot_id > opened_snapshot_id),
    CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
CREATE UNIQUE INDEX ux_alerts_open_key ON alerts (city_code, industry_code, skill_code) WHERE status = 1;

-- Identity values are never handed out twice (a rolled-back transaction leaves a gap, never a reuse).
CREATE TABLE alert_events (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id         BIGINT  NOT NULL,
    kind             INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
    snapshot_id      BIGINT  NOT NULL REFERENCES shortage_snapshots (id),
    severity         INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    ratio            DOUBLE PRECISION NOT NULL CHECK (ratio >= 0),
    demand_headcount INTEGER NOT NULL CHECK (demand_headcount >= 0),
    supply           INTEGER NULL CHECK (supply IS NULL OR supply >= 0),
    city_code        TEXT COLLATE "C" NOT NULL,
    occurred_at      BIGINT  NOT NULL,
    FOREIGN KEY (alert_id, city_code) REFERENCES alerts (id, city_code),
    UNIQUE (alert_id, snapshot_id),
    CHECK (kind = 3 OR (demand_headcount > 0 AND supply IS NOT NULL)),
    CHECK (supply IS NOT NULL OR demand_headcount = 0)
);
CREATE INDEX ix_alert_events_city ON alert_events (city_code, id);
CREATE UNIQUE INDEX ux_alert_events_once ON alert_events (alert_id, kind) WHERE kind <> 2;

CREATE TABLE alert_near_qualified (
    alert_id       BIGINT  NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    worker_id      TEXT COLLATE "C" NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    held_level     INTEGER NOT NULL CHECK (held_level BETWEEN 0 AND 5),
    required_level INTEGER NOT NULL CHECK (required_level BETWEEN 1 AND 5),
    vacancy_id     TEXT COLLATE "C" NOT NULL CHECK (length(vacancy_id) > 0),
    PRIMARY KEY (alert_id, worker_id),
    CHECK (held_level < required_level)
);
CREATE INDEX ix_alert_near_qualified_worker ON alert_near_qualified (worker_id);

CREATE TABLE alert_acks (
    alert_id  BIGINT NOT NULL REFERENCES alerts (id),
    bureau_id TEXT COLLATE "C" NOT NULL CHECK (length(bureau_id) > 0),
    acked_at  BIGINT NOT NULL,
    PRIMARY KEY (alert_id, bureau_id)
);
