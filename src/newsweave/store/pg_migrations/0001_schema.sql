-- Articles, annotations, stories, saved briefs and the search index (the SQLite schema's
-- tables, with a tsvector column in place of FTS5).
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    outlet TEXT,
    url TEXT,
    published TEXT,
    title TEXT,
    text TEXT NOT NULL,
    raw TEXT NOT NULL,
    removed TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE TABLE annotations (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    data TEXT NOT NULL,
    events TEXT
);
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    span_start TEXT,
    span_end TEXT,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    n_articles INTEGER NOT NULL DEFAULT 0,
    n_sources INTEGER NOT NULL DEFAULT 0,
    n_conflicts INTEGER NOT NULL DEFAULT 0,
    latest TEXT
);
CREATE INDEX stories_latest ON stories(latest);
CREATE INDEX stories_sources ON stories(n_sources);
CREATE INDEX stories_conflicts ON stories(n_conflicts);
CREATE TABLE story_articles (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    duplicate_of TEXT,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles(article_id);
CREATE TABLE briefs (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    data TEXT NOT NULL,
    scope TEXT
);
CREATE INDEX briefs_scope ON briefs(scope, created_at);
CREATE TABLE article_entities (
    entity TEXT NOT NULL,
    published TEXT,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX article_entities_key ON article_entities(entity, published);
CREATE INDEX article_entities_article ON article_entities(article_id);
CREATE TABLE search_docs (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    article_id TEXT NOT NULL,
    story_id TEXT,
    outlet TEXT,
    published TEXT,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', left(text, 200000))) STORED
);
CREATE INDEX search_docs_ref ON search_docs(kind, ref);
CREATE INDEX search_docs_story ON search_docs(story_id);
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
