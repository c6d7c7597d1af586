-- One online story placement (cluster/online.py): stored grouping features per article,
-- where each article was placed, the name-token index its candidates come from, and what
-- happened to stories (created, joined, merged: other = the story absorbed, split: other =
-- the story split from).
CREATE TABLE placement_articles (
    article_id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    story TEXT NOT NULL,
    day INTEGER NOT NULL,
    duplicate_of TEXT,
    words BYTEA NOT NULL,
    names BYTEA NOT NULL,
    numbers BYTEA NOT NULL,
    shingles BYTEA NOT NULL,
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
);
CREATE TABLE placement_key_counts (
    key TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);
CREATE TABLE story_history (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    event TEXT NOT NULL CHECK (event IN ('created', 'joined', 'merged', 'split')),
    story TEXT NOT NULL,
    other TEXT,
    article TEXT
);
CREATE INDEX story_history_story ON story_history(story);
