package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

var lookupOp = read("sessions.Lookup", "session")

// sessionFactsStatement is the one statement that authenticates a session:
// the session, its account, the account's holder and the account's
// security groups (aggregated as JSON, in the account's order).
func sessionFactsStatement(tokenHash string) sq.SelectBuilder {
	return psql.Select(sessionColumns, accountBase("a"),
		"p.state", "p.given_name", "p.middle_name", "p.family_name", "p.end_date", "sg.groups",
		"(SELECT count(*) FROM carenet.passkeys pk WHERE pk.account_id = a.id)").
		From("carenet.sessions s").
		Join("carenet.accounts a ON a.id = s.account_id").
		Join("carenet.people p ON p.id = a.person_id").
		JoinClause("CROSS JOIN LATERAL (SELECT json_agg(json_build_object(" +
			"'id', g.id, 'name', g.name, 'description', g.description, 'permissions', g.permissions, " +
			"'require_second_factor', g.require_second_factor, " +
			"'built_in', g.built_in, 'created_at', g.created_at, 'updated_at', g.updated_at, 'version', g.version" +
			") ORDER BY ag.position) AS groups" +
			" FROM carenet.account_groups ag JOIN carenet.security_groups g ON g.id = ag.group_id" +
			" WHERE ag.account_id = a.id) sg").
		Where(sq.Eq{"s.token_hash": tokenHash})
}

// groupJSON is one security group as sessionFactsStatement aggregates it.
type groupJSON struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Permissions []string `json:"permissions"`
	// RequireSecondFactor is SecurityGroup.RequireSecondFactor.
	RequireSecondFactor bool       `json:"require_second_factor"`
	BuiltIn             bool       `json:"built_in"`
	CreatedAt           *time.Time `json:"created_at"`
	UpdatedAt           *time.Time `json:"updated_at"`
	Version             int64      `json:"version"`
}

// lookupSession runs sessionFactsStatement on db (a transaction or the
// pool). The error is the driver's or sql.ErrNoRows, for the caller to map.
func lookupSession(ctx context.Context, db queryer, tokenHash string) (auth.SessionFacts, error) {
	var f auth.SessionFacts
	var state personnel.State
	var given, middle, family string
	var groups []byte
	dest := append(sessionDest(&f.Session), accountBaseDest(&f.Account)...)
	dest = append(dest, &state, &given, &middle, &family, optTimeCol{&f.Holder.EndDate}, &groups, &f.Passkeys)
	if err := queryOne(ctx, db, sessionFactsStatement(tokenHash), dest...); err != nil {
		return auth.SessionFacts{}, err
	}
	f.Holder.PersonID, f.Holder.Active, f.Holder.Names = f.Account.PersonID, state == personnel.Active, holderNames(given, middle, family)
	if len(groups) > 0 {
		var gs []groupJSON
		if err := json.Unmarshal(groups, &gs); err != nil {
			return auth.SessionFacts{}, fmt.Errorf("decoding security groups: %w", err)
		}
		for _, g := range gs {
			sg := auth.SecurityGroup{ID: g.ID, Name: g.Name, Description: g.Description, BuiltIn: g.BuiltIn, Version: g.Version,
				RequireSecondFactor: g.RequireSecondFactor}
			sg.Permissions, sg.HostPermissions = permissionSet(g.ID, g.BuiltIn, g.Permissions)
			if g.CreatedAt != nil {
				sg.CreatedAt = g.CreatedAt.UTC()
			}
			if g.UpdatedAt != nil {
				sg.UpdatedAt = g.UpdatedAt.UTC()
			}
			f.Groups = append(f.Groups, sg)
			f.Account.Groups = append(f.Account.Groups, g.ID)
		}
	}
	return f, nil
}
