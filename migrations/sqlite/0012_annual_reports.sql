-- The company's annual report (criterion 6). Every save of the narrative is a new version,
-- never an update; publishing freezes one version and the figures of the day, for good.
CREATE TABLE annual_report_versions (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES org_nodes (id),
    year        INTEGER NOT NULL,
    lang        TEXT NOT NULL CHECK (lang IN ('en', 'fr', 'nl')),
    version     INTEGER NOT NULL CHECK (version > 0),
    sections    TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    UNIQUE (company_id, year, lang, version)
);

CREATE TRIGGER annual_report_versions_never_updated BEFORE UPDATE ON annual_report_versions
BEGIN SELECT RAISE(ABORT, 'a narrative version cannot change; save a new one'); END;
CREATE TRIGGER annual_report_versions_never_deleted BEFORE DELETE ON annual_report_versions
BEGIN SELECT RAISE(ABORT, 'narrative versions are never deleted'); END;

CREATE TABLE annual_reports_published (
    id            INTEGER PRIMARY KEY,
    company_id    INTEGER NOT NULL REFERENCES org_nodes (id),
    year          INTEGER NOT NULL,
    lang          TEXT NOT NULL CHECK (lang IN ('en', 'fr', 'nl')),
    version_id    INTEGER NOT NULL REFERENCES annual_report_versions (id),
    figures       TEXT NOT NULL,
    published_by  INTEGER NOT NULL REFERENCES users (id),
    published_at  TEXT NOT NULL,
    UNIQUE (company_id, year, lang)
);

CREATE TRIGGER annual_reports_published_immutable BEFORE UPDATE ON annual_reports_published
BEGIN SELECT RAISE(ABORT, 'a published annual report cannot change'); END;
CREATE TRIGGER annual_reports_published_never_deleted BEFORE DELETE ON annual_reports_published
BEGIN SELECT RAISE(ABORT, 'a published annual report is never deleted'); END;
