-- MatchingPlatform schema, SQL Server dialect: the same tables, columns, constraints, indexes and foreign
-- keys as Migrations/Sqlite/0001_initial_schema.sql. Timestamps are Unix milliseconds (UTC, BIGINT) and
-- calendar dates ISO 'YYYY-MM-DD' text, as on every provider. Flags are BIT (SQLite: 0/1 INTEGER).
-- Identifier columns (ids and codes) use a binary collation: case-sensitive and in ordinal order, as SQLite's
-- BINARY collation and the code's StringComparer.Ordinal (the server default is case-insensitive, which
-- would make 'W-1' and 'w-1' the same key). Lengths: ids are at most 64 characters (ProfileValidator),
-- names 200; the limits below leave room. DATALENGTH, not LEN, so that ' ' counts as SQLite's length() does.

CREATE TABLE cities (
    code            NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    name_en         NVARCHAR(400) NOT NULL,
    name_zh         NVARCHAR(400) NOT NULL,
    province        NVARCHAR(400) NOT NULL,
    admin_code      NVARCHAR(64)  NOT NULL,
    latitude        FLOAT         NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude       FLOAT         NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    population      BIGINT        NOT NULL CHECK (population > 0),
    in_liaoning     BIT           NOT NULL
);

CREATE TABLE industries (
    code                      NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    name_en                   NVARCHAR(400) NOT NULL,
    name_zh                   NVARCHAR(400) NOT NULL,
    traditional_manufacturing BIT           NOT NULL,
    digital                   BIT           NOT NULL
);

CREATE TABLE skills (
    code        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    name_en     NVARCHAR(400) NOT NULL,
    name_zh     NVARCHAR(400) NOT NULL,
    skill_group NVARCHAR(128) NOT NULL,
    digital     BIT           NOT NULL
);

CREATE TABLE occupations (
    code          NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    name_en       NVARCHAR(400) NOT NULL,
    name_zh       NVARCHAR(400) NOT NULL,
    industry_code NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES industries (code),
    onet_soc      NVARCHAR(64)  NULL
);

CREATE TABLE occupation_skills (
    occupation_code NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES occupations (code) ON DELETE CASCADE,
    skill_code      NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES skills (code),
    level           INT NOT NULL CHECK (level BETWEEN 1 AND 5),
    importance      INT NOT NULL CHECK (importance BETWEEN 1 AND 5),
    PRIMARY KEY (occupation_code, skill_code)
);

CREATE TABLE enterprises (
    id            NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    name          NVARCHAR(400) NOT NULL CHECK (DATALENGTH(name) > 0),
    city_code     NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    industry_code NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES industries (code),
    ownership     NVARCHAR(400) NULL,
    employees     INT           NULL CHECK (employees IS NULL OR employees > 0),
    version       BIGINT        NOT NULL CHECK (version > 0),
    created_at    BIGINT        NOT NULL,
    updated_at    BIGINT        NOT NULL
);

CREATE TABLE vacancies (
    id                   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    enterprise_id        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES enterprises (id),
    title                NVARCHAR(400) NOT NULL CHECK (DATALENGTH(title) > 0),
    city_code            NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    industry_code        NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES industries (code),
    occupation_code      NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL REFERENCES occupations (code),
    min_education        INT           NOT NULL CHECK (min_education BETWEEN 0 AND 6),
    min_experience_years INT           NOT NULL CHECK (min_experience_years >= 0),
    salary_min_monthly   INT           NOT NULL CHECK (salary_min_monthly >= 0),
    salary_max_monthly   INT           NOT NULL,
    headcount            INT           NOT NULL CHECK (headcount >= 1),
    status               INT           NOT NULL CHECK (status IN (1, 2)),
    posted_at            BIGINT        NOT NULL,
    closed_at            BIGINT        NULL,
    description          NVARCHAR(MAX) NULL,
    CHECK (salary_max_monthly >= salary_min_monthly),
    -- SQL Server has no boolean equality; with status IN (1, 2) this is SQLite's ((status = 2) = (closed_at IS NOT NULL)).
    CHECK ((status = 2 AND closed_at IS NOT NULL) OR (status = 1 AND closed_at IS NULL)),
    CHECK (closed_at IS NULL OR closed_at >= posted_at)
);
CREATE INDEX ix_vacancies_enterprise ON vacancies (enterprise_id, status);
CREATE INDEX ix_vacancies_city_status ON vacancies (city_code, status);

CREATE TABLE vacancy_skills (
    vacancy_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    skill_code NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES skills (code),
    level      INT NOT NULL CHECK (level BETWEEN 1 AND 5),
    importance INT NOT NULL CHECK (importance BETWEEN 1 AND 5),
    PRIMARY KEY (vacancy_id, skill_code)
);
CREATE INDEX ix_vacancy_skills_skill ON vacancy_skills (skill_code);

CREATE TABLE workers (
    id                  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    display_name        NVARCHAR(400) NOT NULL CHECK (DATALENGTH(display_name) > 0),
    city_code           NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    education           INT           NOT NULL CHECK (education BETWEEN 0 AND 6),
    experience_years    INT           NOT NULL CHECK (experience_years BETWEEN 0 AND 60),
    birth_year          INT           NULL,
    gender              INT           NOT NULL CHECK (gender IN (0, 1, 2)),
    salary_wish_monthly INT           NULL CHECK (salary_wish_monthly IS NULL OR salary_wish_monthly >= 0),
    actively_seeking    BIT           NOT NULL,
    graduation_year     INT           NULL,
    version             BIGINT        NOT NULL CHECK (version > 0),
    created_at          BIGINT        NOT NULL,
    updated_at          BIGINT        NOT NULL
);
CREATE INDEX ix_workers_city ON workers (city_code);

CREATE TABLE worker_skills (
    worker_id  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    skill_code NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES skills (code),
    level      INT NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (worker_id, skill_code)
);
CREATE INDEX ix_worker_skills_skill ON worker_skills (skill_code, level);

CREATE TABLE work_history (
    worker_id       NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    seq             INT           NOT NULL CHECK (seq >= 0),
    city_code       NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    occupation_code NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL REFERENCES occupations (code),
    employer_name   NVARCHAR(400) NULL,
    industry_code   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NULL REFERENCES industries (code),
    start_date      VARCHAR(10)   NOT NULL,
    end_date        VARCHAR(10)   NULL,
    PRIMARY KEY (worker_id, seq),
    CHECK (end_date IS NULL OR end_date >= start_date)
);

CREATE TABLE training_programmes (
    id             NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY,
    title          NVARCHAR(400) NOT NULL,
    provider       NVARCHAR(400) NOT NULL,
    city_code      NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES cities (code),
    duration_weeks INT           NOT NULL CHECK (duration_weeks > 0),
    cost_cny       INT           NOT NULL CHECK (cost_cny >= 0),
    subsidised     BIT           NOT NULL
);

CREATE TABLE programme_skills (
    programme_id NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES training_programmes (id) ON DELETE CASCADE,
    skill_code   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES skills (code),
    level        INT NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (programme_id, skill_code)
);
CREATE INDEX ix_programme_skills_skill ON programme_skills (skill_code);

-- Feedback log. Deleting a worker deletes their events (right to be forgotten).
-- The unique key makes re-importing the same log a no-op.
CREATE TABLE interactions (
    id          BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    worker_id   NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    vacancy_id  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    type        INT    NOT NULL CHECK (type BETWEEN 1 AND 6),
    occurred_at BIGINT NOT NULL,
    UNIQUE (worker_id, vacancy_id, type, occurred_at)
);
CREATE INDEX ix_interactions_time ON interactions (occurred_at);
CREATE INDEX ix_interactions_vacancy ON interactions (vacancy_id);

-- One row per applied import file: a second run of the same file (same hash) is reported and skipped.
CREATE TABLE import_batches (
    id            BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    source        NVARCHAR(100) COLLATE Latin1_General_100_BIN2 NOT NULL,
    content_hash  NVARCHAR(128) COLLATE Latin1_General_100_BIN2 NOT NULL,
    file_name     NVARCHAR(400) NOT NULL,
    rows_accepted INT           NOT NULL,
    rows_rejected INT           NOT NULL,
    imported_at   BIGINT        NOT NULL,
    UNIQUE (source, content_hash)
);
