package personnel_test

import (
	"fmt"
	"testing"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

var (
	givenNames  = []string{"Ava", "Ben", "Chloé", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "José", "Kai", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tomás"}
	familyNames = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "García", "Miller", "Davis", "Rodríguez", "Martínez", "Hernández", "López", "González", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Pérez", "Thompson", "White", "Harris", "Sánchez", "Clark", "Ramírez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts"}
)

// seedPeople stores n people straight through the store, in large
// transactions, so a benchmark starts from a big directory quickly.
func seedPeople(b *testing.B, k *carenettest.Env, n int) {
	b.Helper()
	now := k.Clock.Now()
	for start := 0; start < n; start += 10000 {
		err := k.Store.Personnel().Update(k.Ctx, func(tx personnel.Tx) error {
			for i := start; i < min(start+10000, n); i++ {
				p := personnel.Person{
					ID: fmt.Sprintf("seed-%06d", i),
					Fields: personnel.Fields{
						GivenName:  givenNames[i%len(givenNames)],
						FamilyName: fmt.Sprintf("%s%d", familyNames[(i/len(givenNames))%len(familyNames)], i%7),
						AgencyKind: personnel.AgencyCAC,
					},
					State:     personnel.Active,
					CreatedAt: now, UpdatedAt: now, StateChangedAt: now, Version: 1,
				}
				if i%11 == 3 { // about one in eleven, spread over every name
					p.State = personnel.Inactive
				}
				if err := tx.People().Create(k.Ctx, p); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchByNamePrefix searches 100,000 people by the start of a
// family name ("smi": about 2,000 Smiths) and returns the first page of 50.
func BenchmarkSearchByNamePrefix(b *testing.B) {
	k := carenettest.New(b)
	seedPeople(b, k, 100_000)
	queries := []personnel.Query{{Name: "smi"}, {Name: "garc"}, {Name: "nora"}, {Name: "ava wil"}}
	for _, q := range queries {
		page, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, q)
		if err != nil || len(page.People) != personnel.DefaultSearchLimit {
			b.Fatalf("query %+v: %d people, %v", q, len(page.People), err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, queries[i%len(queries)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeactivate deactivates system users who each hold a session:
// the person, the login, its password, its sessions and the audit event,
// in one transaction.
func BenchmarkDeactivate(b *testing.B) {
	k := carenettest.New(b)
	group := k.Group("Staff", auth.ViewPersonnel)
	const pool = 2000
	ids := make([]string, pool)
	now := k.Clock.Now()
	err := k.Store.Personnel().Update(k.Ctx, func(tx personnel.Tx) error {
		for i := range ids {
			ids[i] = fmt.Sprintf("staff-%05d", i)
			p := personnel.Person{ID: ids[i], Fields: personnel.Fields{GivenName: "Staff", FamilyName: fmt.Sprint(i), AgencyKind: personnel.AgencyCAC},
				State: personnel.Active, CreatedAt: now, UpdatedAt: now, StateChangedAt: now, Version: 1}
			if err := tx.People().Create(k.Ctx, p); err != nil {
				return err
			}
			a := auth.Account{ID: "acct-" + ids[i], PersonID: ids[i], Username: fmt.Sprintf("staff%05d", i), Active: true,
				Groups: []string{group}, CreatedInRelease: carenet.Release, CreatedAt: now, UpdatedAt: now, Version: 1}
			if err := tx.Accounts().Create(k.Ctx, a, auth.Credentials{AccountID: a.ID, PasswordHash: "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"}); err != nil {
				return err
			}
			s := auth.Session{ID: "sess-" + ids[i], AccountID: a.ID, TokenHash: fmt.Sprintf("%064d", i), CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(1e12)}
			if err := tx.Sessions().Create(k.Ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%pool == 0 {
			b.StopTimer()
			for _, id := range ids {
				if _, err := k.Personnel.Reactivate(k.Ctx, k.Admin.Principal, id, "bench"); err != nil {
					b.Fatal(err)
				}
			}
			b.StartTimer()
		}
		d, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, ids[i%pool], "left")
		if err != nil || !d.LoginDisabled {
			b.Fatalf("%+v %v", d, err)
		}
	}
}
