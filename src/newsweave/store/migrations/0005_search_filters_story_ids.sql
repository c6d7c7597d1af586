-- Search filters inside the full-text index, and stable story ids.
--
-- 1. Every search document gets a `tags` column: one token per filter value (its kind,
--    outlet, story, publication year/month/day and the entities of its article; see
--    `search_tags` in store/sqlite.py, registered on the connection as newsweave_tags).
--    The index has two columns, text and tags; a search matches its words in `text` and
--    its filters in `tags`, so FTS5 intersects them and ranks only the documents that
--    pass (bm25 with weight 0 on tags, as the table's `rank`), with the LIMIT inside
--    the full-text query.
DROP TRIGGER search_docs_ai;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_au;
DROP TABLE search_fts;
ALTER TABLE search_docs ADD COLUMN tags TEXT NOT NULL DEFAULT '';
CREATE INDEX search_docs_article ON search_docs(article_id);
UPDATE search_docs SET tags = newsweave_tags(
    kind, outlet, story_id, published,
    (SELECT group_concat(e.entity, char(10)) FROM article_entities e
     WHERE e.article_id = search_docs.article_id)
);
CREATE VIRTUAL TABLE search_fts USING fts5(
    text, tags, content='search_docs', content_rowid='id', tokenize='porter unicode61'
);
INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0)');
INSERT INTO search_fts(search_fts) VALUES ('rebuild');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts(rowid, text, tags) VALUES (new.id, new.text, new.tags);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, text, tags)
    VALUES ('delete', old.id, old.text, old.tags);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE OF text, tags ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, text, tags)
    VALUES ('delete', old.id, old.text, old.tags);
    INSERT INTO search_fts(rowid, text, tags) VALUES (new.id, new.text, new.tags);
END;
-- 2. A placement story's key is its stored story id from now on (a merge keeps the id
--    of the larger, then older story): stories placed before take the id they are stored
--    under, in the placement index and in the story history.
UPDATE story_history SET story = (
    SELECT sa.story_id FROM placement_articles p
    JOIN story_articles sa ON sa.article_id = p.article_id
    WHERE p.story = story_history.story LIMIT 1
) WHERE story IN (
    SELECT p.story FROM placement_articles p JOIN story_articles sa ON sa.article_id = p.article_id
);
UPDATE story_history SET other = (
    SELECT sa.story_id FROM placement_articles p
    JOIN story_articles sa ON sa.article_id = p.article_id
    WHERE p.story = story_history.other LIMIT 1
) WHERE other IN (
    SELECT p.story FROM placement_articles p JOIN story_articles sa ON sa.article_id = p.article_id
);
UPDATE placement_articles SET story = (
    SELECT sa.story_id FROM story_articles sa WHERE sa.article_id = placement_articles.article_id
) WHERE article_id IN (SELECT article_id FROM story_articles);
CREATE INDEX story_history_other ON story_history(other);
-- 3. Stories whose membership a placement changed but whose brief is not rebuilt yet (an
--    add rebuilds the new article's story at once and the other stories it changed right
--    after; see desk.refresh_stories).
CREATE TABLE story_pending (
    story TEXT PRIMARY KEY,
    since TEXT NOT NULL
);
-- What a related-story link's reason reads of an article (its names and event signature,
-- as JSON: cluster/related.py Profile), kept with its placement row; NULL until computed.
ALTER TABLE placement_articles ADD COLUMN profile TEXT;
