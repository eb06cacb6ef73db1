package pgtest

import (
	"strings"
	"testing"
)

func TestSettingsReadTheEnvironment(t *testing.T) {
	t.Setenv(URLEnv, "")
	t.Setenv(DriverEnv, "")
	t.Setenv(PrefixEnv, "")
	c, err := Settings()
	if err != nil || c.DSN != DefaultDSN || c.Driver != DriverPQ || c.Prefix != DefaultPrefix {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	t.Setenv(URLEnv, "postgres://u@h:1/db")
	t.Setenv(DriverEnv, DriverPGX)
	t.Setenv(PrefixEnv, "ci_run_7_")
	c, err = Settings()
	if err != nil || c.DSN != "postgres://u@h:1/db" || c.Driver != DriverPGX || c.Prefix != "ci_run_7_" {
		t.Fatalf("from the environment: %+v, %v", c, err)
	}
	if name := c.RandomName(); !strings.HasPrefix(name, "ci_run_7_") || len(name) != len("ci_run_7_")+12 {
		t.Fatalf("random name %q", name)
	}
}

func TestSettingsRefuseWhatTheyCannotUse(t *testing.T) {
	for _, c := range []struct{ env, value string }{
		{DriverEnv, "mysql"},
		{PrefixEnv, "Carenet"},
		{PrefixEnv, "1abc"},
		{PrefixEnv, `x"; DROP DATABASE y; --`},
		{PrefixEnv, strings.Repeat("a", 41)},
	} {
		t.Run(c.env+"="+c.value, func(t *testing.T) {
			t.Setenv(c.env, c.value)
			_, err := Settings()
			if err == nil || !strings.Contains(err.Error(), c.env) {
				t.Fatalf("want an error naming %s, got %v", c.env, err)
			}
		})
	}
}

func TestWithDatabaseNamesTheDatabase(t *testing.T) {
	got := WithDatabase("postgres://u:p@h:5432/postgres?sslmode=disable", "db_1", map[string]string{"application_name": "x y"})
	if got != "postgres://u:p@h:5432/db_1?application_name=x+y&sslmode=disable" {
		t.Fatalf("URL: %s", got)
	}
	got = WithDatabase("host=h user=u", "db_1", nil)
	if got != "host=h user=u dbname='db_1'" {
		t.Fatalf("key=value: %s", got)
	}
}
