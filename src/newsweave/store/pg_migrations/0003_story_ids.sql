-- Stable story ids, pending story rebuilds, and indexes for search filters.
--
-- A placement story's key is its stored story id from now on (a merge keeps the id of
-- the larger, then older story): stories placed before take the id they are stored under,
-- in the placement index and in the story history. (Search keeps its SQL filters here:
-- the planner combines the tsvector's GIN index with these columns' indexes.)
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
CREATE INDEX search_docs_article ON search_docs(article_id);
CREATE INDEX search_docs_outlet ON search_docs (lower(outlet));
CREATE INDEX search_docs_published ON search_docs (published);
-- Stories whose membership a placement changed but whose brief is not rebuilt yet (an add
-- rebuilds the new article's story at once and the other stories it changed right after;
-- see desk.refresh_stories).
CREATE TABLE story_pending (
    story TEXT PRIMARY KEY,
    since TEXT NOT NULL
);
-- What a related-story link's reason reads of an article (its names and event signature,
-- as JSON: cluster/related.py Profile), kept with its placement row; NULL until computed.
ALTER TABLE placement_articles ADD COLUMN profile TEXT;
