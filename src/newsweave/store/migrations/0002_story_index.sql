-- Online story assignment: the candidate index, article -> story assignments, story history.
-- Days are proleptic Gregorian ordinals of the published date; 0 means the date is unknown.
CREATE TABLE story_index_meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
-- Document frequencies of hashed terms (CRC-32 of channel and term, low 23 bits): a
-- fixed array of uint32 counts, stored in chunks of 65,536 so a commit rewrites only the
-- chunks that changed.
CREATE TABLE story_index_df (
    chunk INTEGER PRIMARY KEY,
    counts BLOB NOT NULL
);
-- Stories: summed member vectors (truncated) and the multiset of member event keys.
CREATE TABLE story_index_stories (
    seq INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    founder TEXT NOT NULL,
    size INTEGER NOT NULL,
    first_day INTEGER NOT NULL,
    last_day INTEGER NOT NULL,
    centroid BLOB NOT NULL,
    events TEXT NOT NULL,
    merged_into INTEGER REFERENCES story_index_stories(seq)
);
-- Articles in arrival order: compact features and where each was placed.
CREATE TABLE story_index_articles (
    seq INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE,
    story INTEGER NOT NULL REFERENCES story_index_stories(seq),
    day INTEGER NOT NULL,
    duplicate_of TEXT,
    key_terms BLOB NOT NULL,
    sketch BLOB NOT NULL,
    shingles INTEGER NOT NULL,
    event TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX story_index_articles_story ON story_index_articles(story);
-- Posting lists: distinctive term -> stories that used it, by day.
CREATE TABLE story_index_postings (
    term INTEGER NOT NULL,
    day INTEGER NOT NULL,
    story INTEGER NOT NULL,
    PRIMARY KEY (term, day, story)
) WITHOUT ROWID;
-- MinHash LSH band keys (band number << 32 | CRC of the band) -> articles, by day.
CREATE TABLE story_index_bands (
    band_key INTEGER NOT NULL,
    day INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (band_key, day, article)
) WITHOUT ROWID;
-- What happened to stories: created, joined, merged (other = the story absorbed), split.
CREATE TABLE story_history (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    event TEXT NOT NULL CHECK (event IN ('created', 'joined', 'merged', 'split')),
    story TEXT NOT NULL,
    other TEXT,
    article TEXT
);
CREATE INDEX story_history_story ON story_history(story);
