-- The live desk: stored event frames, entity and search indexes, story list columns,
-- brief scopes.
ALTER TABLE annotations ADD COLUMN events TEXT;
ALTER TABLE stories ADD COLUMN n_articles INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN n_sources INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN n_conflicts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN latest TEXT;
CREATE INDEX stories_latest ON stories(latest);
CREATE INDEX stories_sources ON stories(n_sources);
CREATE INDEX stories_conflicts ON stories(n_conflicts);
ALTER TABLE briefs ADD COLUMN scope TEXT;
CREATE INDEX briefs_scope ON briefs(scope, created_at);
CREATE INDEX story_articles_article ON story_articles(article_id);
CREATE TABLE article_entities (
    entity TEXT NOT NULL,
    published TEXT,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (entity, published, article_id)
);
CREATE INDEX article_entities_article ON article_entities(article_id);
CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    article_id TEXT NOT NULL,
    story_id TEXT,
    outlet TEXT,
    published TEXT,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX search_docs_ref ON search_docs(kind, ref);
CREATE INDEX search_docs_story ON search_docs(story_id);
CREATE VIRTUAL TABLE search_fts USING fts5(
    text, content='search_docs', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE OF text ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text);
END;
-- Articles saved before this migration join the index.
INSERT INTO search_docs (kind, ref, article_id, outlet, published, span_start, span_end, text)
SELECT 'article', id, id, outlet, published, 0, 0,
       CASE WHEN title IS NULL THEN text ELSE title || char(10) || text END
FROM articles;
