package totp_test

import (
	"encoding/base32"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth/totp"
)

func TestKeyURI(t *testing.T) {
	tests := []struct {
		name            string
		issuer, account string
		secret          []byte
		c               totp.Config
		want            string
	}{
		{
			name: "defaults", issuer: "CareNet", account: "jsmith", secret: seedSHA1,
			want: "otpauth://totp/CareNet:jsmith?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=CareNet&algorithm=SHA1&digits=6&period=30",
		},
		{
			name: "settings written", issuer: "CareNet", account: "jsmith", secret: seedSHA1,
			c:    totp.Config{Digits: 8, Period: time.Minute, Algorithm: totp.SHA256, Skew: 3},
			want: "otpauth://totp/CareNet:jsmith?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=CareNet&algorithm=SHA256&digits=8&period=60",
		},
		{
			name: "no padding", issuer: "CareNet", account: "jsmith", secret: []byte("1234567890123456"),
			want: "otpauth://totp/CareNet:jsmith?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY&issuer=CareNet&algorithm=SHA1&digits=6&period=30",
		},
		{
			name: "escaped", issuer: "Sunny Hills CAC: Intake & Review", account: "j.smith+cac@example.org", secret: seedSHA1,
			want: "otpauth://totp/Sunny%20Hills%20CAC%3A%20Intake%20%26%20Review:j.smith%2Bcac%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Sunny%20Hills%20CAC%3A%20Intake%20%26%20Review&algorithm=SHA1&digits=6&period=30",
		},
		{
			name: "non-ASCII", issuer: "Zoë", account: "zoë", secret: seedSHA1,
			want: "otpauth://totp/Zo%C3%AB:zo%C3%AB?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Zo%C3%AB&algorithm=SHA1&digits=6&period=30",
		},
		{
			name: "no issuer", account: "jsmith", secret: seedSHA1,
			want: "otpauth://totp/jsmith?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA1&digits=6&period=30",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, totp.KeyURI(tt.issuer, tt.account, tt.secret, tt.c))
		})
	}
}

func TestKeyURIReadsBack(t *testing.T) {
	// What an authenticator app parses out of the URI is what went in.
	secret, err := totp.NewSecret()
	require.NoError(t, err)
	issuer, account := "A&B = C?/#%+", "user name:with/odd?chars#"
	c := totp.Config{Digits: 8, Period: 45 * time.Second, Algorithm: totp.SHA512}

	u, err := url.Parse(totp.KeyURI(issuer, account, secret, c))
	require.NoError(t, err)
	assert.Equal(t, "otpauth", u.Scheme)
	assert.Equal(t, "totp", u.Host)
	assert.Equal(t, "/"+issuer+":"+account, u.Path)

	q := u.Query()
	assert.Equal(t, issuer, q.Get("issuer"))
	assert.Equal(t, "SHA512", q.Get("algorithm"))
	assert.Equal(t, "8", q.Get("digits"))
	assert.Equal(t, "45", q.Get("period"))
	got, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(q.Get("secret"))
	require.NoError(t, err)
	assert.Equal(t, secret, got)
}
