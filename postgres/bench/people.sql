-- The people of BenchmarkPostgresDeactivate and
-- BenchmarkPostgresAuthenticateSession (loadPopulation in
-- postgres/explain_test.go, with logins), for pgbench.sh: :n people, the
-- even-numbered ones with a login and a session. Keep the two alike.
INSERT INTO carenet.people (id, given_name, family_name, agency, agency_kind, state, created_at, updated_at,
	version, family_key, given_key, agency_key, end_date)
SELECT 'p-' || i, g.name, f.name, 'Agency ' || (i % 40), 'cac',
	CASE WHEN i % 10 = 0 THEN 'inactive' ELSE 'active' END, now(), now(), 1,
	lower(f.name), lower(g.name), lower('Agency ' || (i % 40)),
	CASE WHEN i % 1000 = 1 THEN now() - interval '1 day' END
FROM generate_series(1, :n) AS i
CROSS JOIN LATERAL (SELECT (ARRAY['Smith','Johnson','Williams','Brown','Jones','Garcia','Miller','Davis',
	'Rodriguez','Martinez','Hernandez','Lopez','Gonzalez','Wilson','Anderson','Thomas','Taylor','Moore',
	'Jackson','Martin','Lee','Perez','Thompson','White','Harris','Sanchez','Clark','Ramirez','Lewis',
	'Robinson','Walker','Young','Allen','King','Wright','Scott','Torres','Nguyen','Hill','Flores'])[1 + (i / 3) % 40]
	|| substr(md5(i::text), 1, 6) AS name) f
CROSS JOIN LATERAL (SELECT CASE WHEN i % 5000 = 7 THEN 'Zebulon' ELSE (ARRAY['James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda',
	'David','Elizabeth','William','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah',
	'Charles','Karen','Ada','Grace','Alan','Edsger','Barbara','Donald'])[1 + (i / 40) % 26]
	|| CASE WHEN i % 8 = 3 THEN ' Ann' ELSE '' END END AS name) g;
INSERT INTO carenet.accounts (id, person_id, username, active, created_at, updated_at, version)
SELECT 'a-' || i, 'p-' || i, 'user' || i, true, now(), now(), 1 FROM generate_series(2, :n, 2) AS i;
INSERT INTO carenet.account_credentials (account_id, password_hash)
SELECT 'a-' || i, 'x' FROM generate_series(2, :n, 2) AS i;
INSERT INTO carenet.account_groups (account_id, group_id, position)
SELECT 'a-' || i, CASE WHEN i % 100 = 0 THEN 'administrator' ELSE 'referral-user' END, 1
FROM generate_series(2, :n, 2) AS i;
INSERT INTO carenet.sessions (id, account_id, token_hash, created_at, last_seen_at, expires_at)
SELECT 's-' || i, 'a-' || i, encode(sha256(('s-' || i)::bytea), 'hex'), now(), now(), now() + interval '1 hour'
FROM generate_series(2, :n, 2) AS i;
VACUUM (ANALYZE);
