package totp

import (
	"encoding/base32"
	"strconv"
	"strings"
	"time"
)

// b32 is the base32 of key URIs: standard alphabet, no padding.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// KeyURI returns the otpauth:// URI that enrols secret in an authenticator
// app, usually shown as a QR code:
//
//	otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30
//
// issuer names the service and account the login; either may hold any text,
// which is percent-encoded. An empty issuer is left out. The secret is in
// base32 without padding. The parameters are c's with its defaults filled
// in, written as they are: check c with Config.Validate first.
func KeyURI(issuer, account string, secret []byte, c Config) string {
	c = c.withDefaults()
	var b strings.Builder
	b.WriteString("otpauth://totp/")
	if issuer != "" {
		b.WriteString(escape(issuer))
		b.WriteByte(':')
	}
	b.WriteString(escape(account))
	b.WriteString("?secret=")
	b.WriteString(b32.EncodeToString(secret))
	if issuer != "" {
		b.WriteString("&issuer=")
		b.WriteString(escape(issuer))
	}
	b.WriteString("&algorithm=")
	b.WriteString(escape(string(c.Algorithm)))
	b.WriteString("&digits=")
	b.WriteString(strconv.Itoa(c.Digits))
	b.WriteString("&period=")
	b.WriteString(strconv.FormatInt(int64(c.Period/time.Second), 10))
	return b.String()
}

// escape percent-encodes every byte of s but the unreserved characters of
// RFC 3986, so a value is read back the same in a path or a query, and a
// space is %20 (some apps show a "+" as it is).
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}
	return b.String()
}
