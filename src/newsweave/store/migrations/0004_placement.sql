-- One online story placement (cluster/online.py): stored grouping features per article,
-- where each article was placed, and the name-token index its candidates come from. The
-- earlier candidate index of migration 0002 is dropped; story_history stays.
DROP TABLE story_index_bands;
DROP TABLE story_index_postings;
DROP TABLE story_index_articles;
DROP TABLE story_index_stories;
DROP TABLE story_index_df;
DROP TABLE story_index_meta;
-- seq: arrival order; day: date ordinal (0 unknown); story: placement story key.
-- words/names/numbers: hashed term bags; shingles: sorted 32-bit shingle hashes;
-- event: the event signature as JSON; keys: name tokens, one per line.
CREATE TABLE placement_articles (
    article_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    story TEXT NOT NULL,
    day INTEGER NOT NULL,
    duplicate_of TEXT,
    words BLOB NOT NULL,
    names BLOB NOT NULL,
    numbers BLOB NOT NULL,
    shingles BLOB NOT NULL,
    event TEXT NOT NULL,
    keys TEXT NOT NULL
);
CREATE INDEX placement_articles_story ON placement_articles(story, seq);
CREATE INDEX placement_articles_seq ON placement_articles(seq);
CREATE TABLE placement_keys (
    key TEXT NOT NULL,
    day INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (key, day, article_id)
) WITHOUT ROWID;
CREATE TABLE placement_key_counts (
    key TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;
