-- The statement auth.Service.Authenticate sends for a session whose
-- groups' definitions the store holds already
-- (BenchmarkPostgresAuthenticateSession), for pgbench -M prepared: it
-- shows what the statement itself costs beside pgbench -S, without the
-- Go side. The token hash, a parameter of the store's, is made here from
-- a session of people.sql (TestBenchSessionSQLIsWhatTheServiceSends keeps the
-- statement what the store sends).
\set i 2 * random(1, 50000)
SELECT s.id, s.account_id, s.token_hash, s.created_at, s.last_seen_at, s.authenticated_at, s.expires_at, s.revoked_at, s.revoked_reason, s.user_agent, s.remote_addr, a.id, a.person_id, a.username, a.active, a.portal_enabled, a.portal_video, a.portal_referral, a.portal_carenet, a.created_in_release, a.totp_enabled, a.created_at, a.updated_at, a.version, p.state, p.given_name, p.middle_name, p.family_name, p.end_date, ARRAY(SELECT g.version::text || '.' || g.xmin::text || '.' || g.id FROM carenet.account_groups ag JOIN carenet.security_groups g ON g.id = ag.group_id WHERE ag.account_id = a.id ORDER BY ag.position), (SELECT count(*) FROM carenet.passkeys pk WHERE pk.account_id = a.id) FROM carenet.sessions s JOIN carenet.accounts a ON a.id = s.account_id JOIN carenet.people p ON p.id = a.person_id WHERE s.token_hash = encode(sha256(CAST('s-' || :i AS bytea)), 'hex');
