package passkey_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/passkey"
)

func TestConfigAccepts(t *testing.T) {
	for name, cfg := range map[string]passkey.Config{
		"Site":      {RPID: "carenet.example.org", RPDisplayName: "CareNet", Origins: []string{"https://carenet.example.org"}},
		"Subdomain": {RPID: "example.org", RPDisplayName: "CareNet", Origins: []string{"https://carenet.example.org", "https://portal.example.org:8443/"}},
		"Localhost": {RPID: "localhost", RPDisplayName: "CareNet (dev)", Origins: []string{"http://localhost:8080", "https://localhost"}},
	} {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, cfg.Validate())
			_, err := passkey.New(cfg)
			require.NoError(t, err)
		})
	}
}

func TestConfigNamesTheFieldAndRule(t *testing.T) {
	good := passkey.Config{RPID: "carenet.example.org", RPDisplayName: "CareNet", Origins: []string{"https://carenet.example.org"}}
	for name, c := range map[string]struct {
		change      func(*passkey.Config)
		field, rule string
	}{
		"NoRPID":             {func(c *passkey.Config) { c.RPID = "" }, "RPID", carenet.RuleRequired},
		"RPIDWithScheme":     {func(c *passkey.Config) { c.RPID = "https://carenet.example.org" }, "RPID", carenet.RuleFormat},
		"RPIDWithPort":       {func(c *passkey.Config) { c.RPID = "carenet.example.org:443" }, "RPID", carenet.RuleFormat},
		"RPIDUpperCase":      {func(c *passkey.Config) { c.RPID = "CareNet.example.org" }, "RPID", carenet.RuleFormat},
		"RPIDAnIPAddress":    {func(c *passkey.Config) { c.RPID = "192.0.2.1" }, "RPID", carenet.RuleFormat},
		"NoDisplayName":      {func(c *passkey.Config) { c.RPDisplayName = " " }, "RPDisplayName", carenet.RuleRequired},
		"LongDisplayName":    {func(c *passkey.Config) { c.RPDisplayName = strings.Repeat("x", passkey.MaxDisplayNameLength+1) }, "RPDisplayName", carenet.RuleTooLong},
		"ControlDisplayName": {func(c *passkey.Config) { c.RPDisplayName = "Care\nNet" }, "RPDisplayName", carenet.RuleControlChars},
		"NoOrigins":          {func(c *passkey.Config) { c.Origins = nil }, "Origins", carenet.RuleRequired},
		"PlainHTTP":          {func(c *passkey.Config) { c.Origins = []string{"http://carenet.example.org"} }, "Origins[0]", carenet.RuleFormat},
		"OriginWithPath":     {func(c *passkey.Config) { c.Origins = []string{"https://carenet.example.org/portal"} }, "Origins[0]", carenet.RuleFormat},
		"OriginWithQuery":    {func(c *passkey.Config) { c.Origins = []string{"https://carenet.example.org?x=1"} }, "Origins[0]", carenet.RuleFormat},
		"OriginElsewhere":    {func(c *passkey.Config) { c.Origins = append(c.Origins, "https://example.org") }, "Origins[1]", carenet.RuleFormat},
		"OriginLookalike":    {func(c *passkey.Config) { c.Origins = []string{"https://evilcarenet.example.org"} }, "Origins[0]", carenet.RuleFormat},
		"OriginNotAURL":      {func(c *passkey.Config) { c.Origins = []string{"carenet.example.org"} }, "Origins[0]", carenet.RuleFormat},
		"OriginOtherScheme":  {func(c *passkey.Config) { c.Origins = []string{"ftp://carenet.example.org"} }, "Origins[0]", carenet.RuleFormat},
		"OriginWithUser":     {func(c *passkey.Config) { c.Origins = []string{"https://me@carenet.example.org"} }, "Origins[0]", carenet.RuleFormat},
		"OriginUpperCase":    {func(c *passkey.Config) { c.Origins = []string{"https://CARENET.example.org"} }, "Origins[0]", carenet.RuleFormat},
		"OriginWithBadPort":  {func(c *passkey.Config) { c.Origins = []string{"https://carenet.example.org:99999"} }, "Origins[0]", carenet.RuleFormat},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := good
			cfg.Origins = append([]string(nil), good.Origins...)
			c.change(&cfg)
			_, err := passkey.New(cfg)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
			v := carenet.Validation(err)
			require.NotNil(t, v, "%v", err)
			assert.True(t, v.Has(c.field, c.rule), "want %s %s: %v", c.field, c.rule, err)
		})
	}
}
