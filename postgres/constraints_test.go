package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/postgres"
)

// TestConstraints writes behind the store's back: the schema itself
// refuses what breaks the rules.
func TestConstraints(t *testing.T) {
	_, db := freshStore(t)
	setup := []string{
		`INSERT INTO carenet.people (id, family_name, agency_kind, state, created_at, updated_at, version, family_key, given_key, agency_key)
		 VALUES ('p-1', 'Lovelace', 'cac', 'active', now(), now(), 1, 'lovelace', '', ''),
		        ('p-2', 'Hopper', 'cac', 'active', now(), now(), 1, 'hopper', '', '')`,
		`INSERT INTO carenet.accounts (id, person_id, username, active, created_at, updated_at, version)
		 VALUES ('a-1', 'p-1', 'ada', true, now(), now(), 1)`,
		`INSERT INTO carenet.personnel_groups (id, name, name_key, created_at, updated_at, version)
		 VALUES ('g-1', 'MDT', 'mdt', now(), now(), 1)`,
	}
	for _, stmt := range setup {
		_, err := db.Exec(stmt)
		require.NoError(t, err, stmt)
	}
	for _, c := range []struct {
		name, stmt, code, constraint string
	}{
		{"mixed-case username", `INSERT INTO carenet.accounts (id, person_id, username, active, created_at, updated_at, version)
			VALUES ('a-2', 'p-2', 'Grace', true, now(), now(), 1)`, "23514", "accounts_username_check"},
		{"username taken", `INSERT INTO carenet.accounts (id, person_id, username, active, created_at, updated_at, version)
			VALUES ('a-2', 'p-2', 'ada', true, now(), now(), 1)`, "23505", "accounts_username_key"},
		{"second login for a person", `INSERT INTO carenet.accounts (id, person_id, username, active, created_at, updated_at, version)
			VALUES ('a-2', 'p-1', 'augusta', true, now(), now(), 1)`, "23505", "accounts_person_id_key"},
		{"login for a missing person", `INSERT INTO carenet.accounts (id, person_id, username, active, created_at, updated_at, version)
			VALUES ('a-2', 'p-missing', 'ghost', true, now(), now(), 1)`, "23503", "accounts_person_id_fkey"},
		{"version zero", `UPDATE carenet.accounts SET version = 0`, "23514", "accounts_version_check"},
		{"unknown state", `UPDATE carenet.people SET state = 'retired' WHERE id = 'p-1'`, "23514", "people_state_check"},
		{"unknown agency kind", `UPDATE carenet.people SET agency_kind = 'fbi' WHERE id = 'p-1'`, "23514", "people_agency_kind_check"},
		{"person version zero", `UPDATE carenet.people SET version = 0`, "23514", "people_version_check"},
		{"unknown link purpose", `INSERT INTO carenet.password_tokens (id, account_id, purpose, token_hash, created_at, expires_at)
			VALUES ('t-1', 'a-1', 'bogus', 'h', now(), now())`, "23514", "password_tokens_purpose_check"},
		{"link of a missing account", `INSERT INTO carenet.password_tokens (id, account_id, purpose, token_hash, created_at, expires_at)
			VALUES ('t-1', 'a-missing', 'set_password', 'h', now(), now())`, "23503", "password_tokens_account_id_fkey"},
		{"session of a missing account", `INSERT INTO carenet.sessions (id, account_id, token_hash, created_at, last_seen_at, expires_at)
			VALUES ('s-1', 'a-missing', 'h', now(), now(), now())`, "23503", "sessions_account_id_fkey"},
		{"membership of a missing group", `INSERT INTO carenet.personnel_group_members (group_id, person_id, added_at)
			VALUES ('g-missing', 'p-1', now())`, "23503", "personnel_group_members_group_id_fkey"},
		{"membership of a missing person", `INSERT INTO carenet.personnel_group_members (group_id, person_id, added_at)
			VALUES ('g-1', 'p-missing', now())`, "23503", "personnel_group_members_person_id_fkey"},
		{"credentials of a missing account", `INSERT INTO carenet.account_credentials (account_id, password_hash)
			VALUES ('a-missing', 'x')`, "23503", "account_credentials_account_id_fkey"},
		{"a missing security group", `INSERT INTO carenet.account_groups (account_id, group_id, position)
			VALUES ('a-1', 'sg-missing', 1)`, "23503", "account_groups_group_id_fkey"},
		{"security group name taken regardless of case", `INSERT INTO carenet.security_groups (id, name, name_key, version)
			VALUES ('sg-1', 'ADMINISTRATOR', 'administrator', 1)`, "23505", "security_groups_name_key"},
		{"personnel group name taken", `INSERT INTO carenet.personnel_groups (id, name, name_key, created_at, updated_at, version)
			VALUES ('g-2', 'mdt', 'mdt', now(), now(), 1)`, "23505", "personnel_groups_name_key"},
		{"delete a person with a login", `DELETE FROM carenet.people WHERE id = 'p-1'`, "23503", "accounts_person_id_fkey"},
		{"passkey of a missing account", `INSERT INTO carenet.passkeys (id, account_id, name, credential_id, public_key)
			VALUES ('pk-1', 'a-missing', 'Key', '\x01', '\x02')`, "23503", "passkeys_account_id_fkey"},
		{"passkey without a name", `INSERT INTO carenet.passkeys (id, account_id, name, credential_id, public_key)
			VALUES ('pk-1', 'a-1', '', '\x01', '\x02')`, "23514", "passkeys_name_check"},
		{"sign count past 32 bits", `INSERT INTO carenet.passkeys (id, account_id, name, credential_id, public_key, sign_count)
			VALUES ('pk-1', 'a-1', 'Key', '\x01', '\x02', 4294967296)`, "23514", "passkeys_sign_count_check"},
		{"unknown ceremony purpose", `INSERT INTO carenet.passkey_ceremonies (challenge_hash, purpose, account_id, created_at, expires_at)
			VALUES ('h', 'bogus', 'a-1', now(), now())`, "23514", "passkey_ceremonies_purpose_check"},
		{"sign-in ceremony bound to a login", `INSERT INTO carenet.passkey_ceremonies (challenge_hash, purpose, account_id, created_at, expires_at)
			VALUES ('h', 'sign_in', 'a-1', now(), now())`, "23514", "passkey_ceremonies_account_check"},
		{"registration ceremony bound to no login", `INSERT INTO carenet.passkey_ceremonies (challenge_hash, purpose, created_at, expires_at)
			VALUES ('h', 'register', now(), now())`, "23514", "passkey_ceremonies_account_check"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := db.Exec(c.stmt)
			code, constraint, ok := postgres.ServerError(err)
			require.True(t, ok, "the database accepted it (error %v)", err)
			require.Equal(t, c.code, code, "%v", err)
			require.Equal(t, c.constraint, constraint, "%v", err)
		})
	}
}
