-- MatchingPlatform schema, PostgreSQL dialect: the same tables, columns, constraints, indexes and foreign
-- keys as Migrations/Sqlite/0001_initial_schema.sql. Timestamps are Unix milliseconds (UTC, BIGINT) and
-- calendar dates ISO 'YYYY-MM-DD' text, as on every provider. Flags are BOOLEAN (SQLite: 0/1 INTEGER).
-- Identifier columns (ids and codes) use the "C" collation: byte order, which is ordinal order, as SQLite's
-- BINARY collation and the code's StringComparer.Ordinal; keyset paging and "read back in code order"
-- then agree with the application whatever the database's default locale.

CREATE TABLE cities (
    code            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name_en         TEXT             NOT NULL,
    name_zh         TEXT             NOT NULL,
    province        TEXT             NOT NULL,
    admin_code      TEXT             NOT NULL,
    latitude        DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude       DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    population      BIGINT           NOT NULL CHECK (population > 0),
    in_liaoning     BOOLEAN          NOT NULL
);

CREATE TABLE industries (
    code                      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name_en                   TEXT    NOT NULL,
    name_zh                   TEXT    NOT NULL,
    traditional_manufacturing BOOLEAN NOT NULL,
    digital                   BOOLEAN NOT NULL
);

CREATE TABLE skills (
    code        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name_en     TEXT    NOT NULL,
    name_zh     TEXT    NOT NULL,
    skill_group TEXT    NOT NULL,
    digital     BOOLEAN NOT NULL
);

CREATE TABLE occupations (
    code          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name_en       TEXT NOT NULL,
    name_zh       TEXT NOT NULL,
    industry_code TEXT COLLATE "C" NOT NULL REFERENCES industries (code),
    onet_soc      TEXT NULL
);

CREATE TABLE occupation_skills (
    occupation_code TEXT COLLATE "C" NOT NULL REFERENCES occupations (code) ON DELETE CASCADE,
    skill_code      TEXT COLLATE "C" NOT NULL REFERENCES skills (code),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    importance      INTEGER NOT NULL CHECK (importance BETWEEN 1 AND 5),
    PRIMARY KEY (occupation_code, skill_code)
);

CREATE TABLE enterprises (
    id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    name          TEXT    NOT NULL CHECK (length(name) > 0),
    city_code     TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    industry_code TEXT COLLATE "C" NOT NULL REFERENCES industries (code),
    ownership     TEXT    NULL,
    employees     INTEGER NULL CHECK (employees IS NULL OR employees > 0),
    version       BIGINT  NOT NULL CHECK (version > 0),
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

CREATE TABLE vacancies (
    id                   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    enterprise_id        TEXT COLLATE "C" NOT NULL REFERENCES enterprises (id),
    title                TEXT    NOT NULL CHECK (length(title) > 0),
    city_code            TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    industry_code        TEXT COLLATE "C" NOT NULL REFERENCES industries (code),
    occupation_code      TEXT COLLATE "C" NULL REFERENCES occupations (code),
    min_education        INTEGER NOT NULL CHECK (min_education BETWEEN 0 AND 6),
    min_experience_years INTEGER NOT NULL CHECK (min_experience_years >= 0),
    salary_min_monthly   INTEGER NOT NULL CHECK (salary_min_monthly >= 0),
    salary_max_monthly   INTEGER NOT NULL,
    headcount            INTEGER NOT NULL CHECK (headcount >= 1),
    status               INTEGER NOT NULL CHECK (status IN (1, 2)),
    posted_at            BIGINT  NOT NULL,
    closed_at            BIGINT  NULL,
    description          TEXT    NULL,
    CHECK (salary_max_monthly >= salary_min_monthly),
    CHECK ((status = 2) = (closed_at IS NOT NULL)),
    CHECK (closed_at IS NULL OR closed_at >= posted_at)
);
CREATE INDEX ix_vacancies_enterprise ON vacancies (enterprise_id, status);
CREATE INDEX ix_vacancies_city_status ON vacancies (city_code, status);

CREATE TABLE vacancy_skills (
    vacancy_id TEXT COLLATE "C" NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    skill_code TEXT COLLATE "C" NOT NULL REFERENCES skills (code),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    importance INTEGER NOT NULL CHECK (importance BETWEEN 1 AND 5),
    PRIMARY KEY (vacancy_id, skill_code)
);
CREATE INDEX ix_vacancy_skills_skill ON vacancy_skills (skill_code);

CREATE TABLE workers (
    id                  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    display_name        TEXT    NOT NULL CHECK (length(display_name) > 0),
    city_code           TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    education           INTEGER NOT NULL CHECK (education BETWEEN 0 AND 6),
    experience_years    INTEGER NOT NULL CHECK (experience_years BETWEEN 0 AND 60),
    birth_year          INTEGER NULL,
    gender              INTEGER NOT NULL CHECK (gender IN (0, 1, 2)),
    salary_wish_monthly INTEGER NULL CHECK (salary_wish_monthly IS NULL OR salary_wish_monthly >= 0),
    actively_seeking    BOOLEAN NOT NULL,
    graduation_year     INTEGER NULL,
    version             BIGINT  NOT NULL CHECK (version > 0),
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL
);
CREATE INDEX ix_workers_city ON workers (city_code);

CREATE TABLE worker_skills (
    worker_id  TEXT COLLATE "C" NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    skill_code TEXT COLLATE "C" NOT NULL REFERENCES skills (code),
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (worker_id, skill_code)
);
CREATE INDEX ix_worker_skills_skill ON worker_skills (skill_code, level);

CREATE TABLE work_history (
    worker_id       TEXT COLLATE "C" NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    seq             INTEGER     NOT NULL CHECK (seq >= 0),
    city_code       TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    occupation_code TEXT COLLATE "C" NULL REFERENCES occupations (code),
    employer_name   TEXT        NULL,
    industry_code   TEXT COLLATE "C" NULL REFERENCES industries (code),
    start_date      VARCHAR(10) NOT NULL,
    end_date        VARCHAR(10) NULL,
    PRIMARY KEY (worker_id, seq),
    CHECK (end_date IS NULL OR end_date >= start_date)
);

CREATE TABLE training_programmes (
    id             TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    title          TEXT    NOT NULL,
    provider       TEXT    NOT NULL,
    city_code      TEXT COLLATE "C" NOT NULL REFERENCES cities (code),
    duration_weeks INTEGER NOT NULL CHECK (duration_weeks > 0),
    cost_cny       INTEGER NOT NULL CHECK (cost_cny >= 0),
    subsidised     BOOLEAN NOT NULL
);

CREATE TABLE programme_skills (
    programme_id TEXT COLLATE "C" NOT NULL REFERENCES training_programmes (id) ON DELETE CASCADE,
    skill_code   TEXT COLLATE "C" NOT NULL REFERENCES skills (code),
    level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (programme_id, skill_code)
);
CREATE INDEX ix_programme_skills_skill ON programme_skills (skill_code);

-- Feedback log. Deleting a worker deletes their events (right to be forgotten).
-- The unique key makes re-importing the same log a no-op.
CREATE TABLE interactions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    worker_id   TEXT COLLATE "C" NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    vacancy_id  TEXT COLLATE "C" NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    type        INTEGER NOT NULL CHECK (type BETWEEN 1 AND 6),
    occurred_at BIGINT  NOT NULL,
    UNIQUE (worker_id, vacancy_id, type, occurred_at)
);
CREATE INDEX ix_interactions_time ON interactions (occurred_at);
CREATE INDEX ix_interactions_vacancy ON interactions (vacancy_id);

-- One row per applied import file: a second run of the same file (same hash) is reported and skipped.
CREATE TABLE import_batches (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source        TEXT    NOT NULL,
    content_hash  TEXT    NOT NULL,
    file_name     TEXT    NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    imported_at   BIGINT  NOT NULL,
    UNIQUE (source, content_hash)
);
