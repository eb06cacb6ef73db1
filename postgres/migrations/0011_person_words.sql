-- 0011_person_words: every word of a name is searchable.
--
-- A search term matches a person when it starts a word of the name as
-- displayed, given name then family name, and may run on into the words
-- after it ("ann" and "ann smith" both find Mary Ann Smith). The start of
-- the family name is served by people_search_order, in the search order.
-- Every other such start is a row here: the word, the name from that word
-- to the end (its "tail"), the person's search order and the filters the
-- search applies. person_words_word holds the people of each word in the
-- search order, so the search reads, for each word the term starts, one
-- page from the index alone. The rows are kept by triggers on people,
-- whoever writes the row.

-- The tails of the name given then family that start at a word other than
-- the family name's first word. Both keys are personnel.Fold output:
-- words separated by single spaces.
CREATE FUNCTION carenet.name_tails(given text, family text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_string(n.words[i:], ' ')
    FROM (SELECT string_to_array(concat_ws(' ', nullif(given, ''), nullif(family, '')), ' ') AS words,
                 CASE WHEN given = '' THEN 0 ELSE cardinality(string_to_array(given, ' ')) END AS given_words) n,
         generate_subscripts(n.words, 1) AS i
    WHERE NOT (family <> '' AND i = n.given_words + 1)
$$;

CREATE TABLE carenet.person_words (
    person_id   text COLLATE "C" NOT NULL
        CONSTRAINT person_words_person_id_fkey REFERENCES carenet.people (id) ON DELETE CASCADE,
    word        text COLLATE "C" NOT NULL,
    tail        text COLLATE "C" NOT NULL,
    family_key  text COLLATE "C" NOT NULL,
    given_key   text COLLATE "C" NOT NULL,
    state       text NOT NULL,
    agency_key  text COLLATE "C" NOT NULL,
    agency_kind text NOT NULL,
    CONSTRAINT person_words_pkey PRIMARY KEY (person_id, tail)
);
-- The people of each word in the search order, with everything the search
-- filters by, for index-only scans; also the words that start with a term
-- (word LIKE 'term%'), one after the other.
CREATE INDEX person_words_word ON carenet.person_words (word, family_key, given_key, person_id)
    INCLUDE (tail, state, agency_key, agency_kind);

-- New people, once per statement, so that a bulk insert writes their words
-- in one statement too.
-- The search order with the filters, so that the family-name branch picks
-- its page from the index alone (an index-only scan) and reads from the
-- table only the people of the page. It replaces people_search_order of
-- 0001 under the same name.
CREATE INDEX people_search_order_covering ON carenet.people (family_key, given_key, id)
    INCLUDE (state, agency_key, agency_kind);
DROP INDEX carenet.people_search_order;
ALTER INDEX carenet.people_search_order_covering RENAME TO people_search_order;

-- Statistics of the name as the search matches its other terms (' ' ||
-- given_key || ' ' || family_key LIKE '% term%'), so the planner knows how
-- many people such a term keeps and reads a page of a common family name
-- in the search order rather than all of them.
CREATE STATISTICS carenet.people_name_words ON ((' ' || given_key || ' ' || family_key)) FROM carenet.people;
CREATE STATISTICS carenet.person_words_name ON ((' ' || given_key || ' ' || family_key)) FROM carenet.person_words;

CREATE FUNCTION carenet.person_words_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO carenet.person_words (person_id, word, tail, family_key, given_key, state, agency_key, agency_kind)
    SELECT n.id, split_part(t.tail, ' ', 1), t.tail, n.family_key, n.given_key, n.state, n.agency_key, n.agency_kind
    FROM new_people n CROSS JOIN LATERAL carenet.name_tails(n.given_key, n.family_key) AS t(tail);
    RETURN NULL;
END
$$;

-- A changed person: their rows are written anew.
CREATE FUNCTION carenet.person_words_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM carenet.person_words WHERE person_id = OLD.id;
    INSERT INTO carenet.person_words (person_id, word, tail, family_key, given_key, state, agency_key, agency_kind)
    SELECT NEW.id, split_part(t.tail, ' ', 1), t.tail, NEW.family_key, NEW.given_key, NEW.state, NEW.agency_key, NEW.agency_kind
    FROM carenet.name_tails(NEW.given_key, NEW.family_key) AS t(tail);
    RETURN NULL;
END
$$;

CREATE TRIGGER people_words_insert AFTER INSERT ON carenet.people
    REFERENCING NEW TABLE AS new_people
    FOR EACH STATEMENT EXECUTE FUNCTION carenet.person_words_insert();
CREATE TRIGGER people_words_update AFTER UPDATE OF id, family_key, given_key, state, agency_key, agency_kind ON carenet.people
    FOR EACH ROW
    WHEN ((OLD.id, OLD.family_key, OLD.given_key, OLD.state, OLD.agency_key, OLD.agency_kind)
          IS DISTINCT FROM (NEW.id, NEW.family_key, NEW.given_key, NEW.state, NEW.agency_key, NEW.agency_kind))
    EXECUTE FUNCTION carenet.person_words_sync();

-- The people stored before this migration.
INSERT INTO carenet.person_words (person_id, word, tail, family_key, given_key, state, agency_key, agency_kind)
SELECT p.id, split_part(t.tail, ' ', 1), t.tail, p.family_key, p.given_key, p.state, p.agency_key, p.agency_kind
FROM carenet.people p CROSS JOIN LATERAL carenet.name_tails(p.given_key, p.family_key) AS t(tail);
