-- What a search by name compares: the name folded so that case and accents do not matter
-- (`liege` finds Liège), the same on SQLite and PostgreSQL. The application writes it with
-- each name (src/domain/search.rs); rows written before it are filled in at start-up.
ALTER TABLE org_nodes ADD COLUMN search_name TEXT;
