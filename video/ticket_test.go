package video_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

func newTicketer(t testing.TB, cfg video.TicketConfig) *video.Ticketer {
	t.Helper()
	tk, err := video.NewTicketer(cfg)
	require.NoError(t, err)
	return tk
}

// claims are the claims of a test ticket.
func claims(a video.Action) video.Claims {
	return video.Claims{TicketID: "t-1", ShareID: "s-1", VideoID: "v-1", GranteeID: "p-grantee", Action: a}
}

func issue(t testing.TB, tk *video.Ticketer, c video.Claims, now time.Time) string {
	t.Helper()
	ticket, _, err := tk.Issue(c, now)
	require.NoError(t, err)
	return ticket
}

func TestTicketRoundTrip(t *testing.T) {
	tk := newTicketer(t, testTickets())
	ticket, issued, err := tk.Issue(claims(video.Download), t0.Add(500*time.Millisecond))
	require.NoError(t, err)

	parts := strings.Split(ticket, ".")
	require.Len(t, parts, 4, "v1.<kid>.<payload>.<mac>: %s", ticket)
	assert.Equal(t, "v1", parts[0])
	assert.Equal(t, "k1", parts[1])
	for _, r := range ticket {
		assert.True(t, strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", r), "URL-safe: %q", r)
	}
	assert.Less(t, len(ticket), 200, "compact")

	want := claims(video.Download)
	want.ExpiresAt = t0.Add(5 * time.Minute) // to the second
	want.KeyID = "k1"
	assert.Equal(t, want, issued)

	got, err := tk.Verify(ticket, video.Download, t0.Add(4*time.Minute))
	require.NoError(t, err)
	assert.Equal(t, want, got)
	got, err = tk.VerifyFor(ticket, video.Download, "p-grantee", t0)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestTicketExpiry(t *testing.T) {
	tk := newTicketer(t, video.TicketConfig{KeyID: "k1", Keys: testTickets().Keys, TTL: 2 * time.Minute})
	assert.Equal(t, 2*time.Minute, tk.TTL())
	ticket := issue(t, tk, claims(video.View), t0)

	_, err := tk.Verify(ticket, video.View, t0.Add(2*time.Minute-time.Nanosecond))
	require.NoError(t, err)
	c, err := tk.Verify(ticket, video.View, t0.Add(2*time.Minute))
	assert.ErrorIs(t, err, video.ErrTicketExpired)
	assert.Equal(t, "s-1", c.ShareID, "the claims come back with a refusal after a valid signature")
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))

	// A share ending sooner than the TTL ends the ticket with it.
	short := claims(video.View)
	short.ExpiresAt = t0.Add(30*time.Second + 900*time.Millisecond)
	_, issued, err := tk.Issue(short, t0)
	require.NoError(t, err)
	assert.Equal(t, t0.Add(30*time.Second), issued.ExpiresAt)
}

func TestTicketRefusals(t *testing.T) {
	tk := newTicketer(t, testTickets())
	ticket := issue(t, tk, claims(video.View), t0)
	kid, rest, _ := strings.Cut(strings.TrimPrefix(ticket, "v1."), ".")
	payload, mac, _ := strings.Cut(rest, ".")
	require.Equal(t, "k1", kid)

	// flip changes one character of s at i to another URL-safe one.
	flip := func(s string, i int) string {
		c := byte('A')
		if s[i] == 'A' {
			c = 'B'
		}
		return s[:i] + string(c) + s[i+1:]
	}
	evil := newTicketer(t, video.TicketConfig{KeyID: "evil", Keys: map[string][]byte{"evil": key('e')}})
	sameKidOtherKey := newTicketer(t, video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": key('x')}})

	tests := []struct {
		name   string
		ticket string
		want   error
	}{
		{"empty", "", video.ErrTicketMalformed},
		{"garbage", "not a ticket", video.ErrTicketMalformed},
		{"other version", "v2" + ticket[2:], video.ErrTicketMalformed},
		{"no mac", "v1.k1." + payload, video.ErrTicketMalformed},
		{"empty mac", "v1.k1." + payload + ".", video.ErrTicketMalformed},
		{"mac cut short", ticket[:len(ticket)-1], video.ErrTicketMalformed},
		{"mac too long", ticket + "A", video.ErrTicketMalformed},
		{"mac not base64url", "v1.k1." + payload + "." + strings.Repeat("+", len(mac)), video.ErrTicketMalformed},
		{"empty payload", "v1.k1.." + mac, video.ErrTicketMalformed},
		{"extra part", "v1.k1.x." + payload + "." + mac, video.ErrTicketMalformed},
		{"huge", "v1.k1." + strings.Repeat("A", 5000) + "." + mac, video.ErrTicketMalformed},
		{"payload changed", "v1.k1." + flip(payload, 3) + "." + mac, video.ErrTicketSignature},
		{"payload truncated", "v1.k1." + payload[:len(payload)-4] + "." + mac, video.ErrTicketSignature},
		{"mac changed", "v1.k1." + payload + "." + flip(mac, 0), video.ErrTicketSignature},
		{"key id changed", "v1.k2." + payload + "." + mac, video.ErrTicketUnknownKey},
		{"re-signed with an unknown key", issue(t, evil, claims(video.View), t0), video.ErrTicketUnknownKey},
		{"re-signed with another key under a known id", issue(t, sameKidOtherKey, claims(video.View), t0), video.ErrTicketSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tk.Verify(tt.ticket, video.View, t0)
			require.ErrorIs(t, err, tt.want)
			assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
			assert.Zero(t, c, "no claims without a valid signature")
		})
	}

	t.Run("every truncation", func(t *testing.T) {
		for i := range len(ticket) {
			_, err := tk.Verify(ticket[:i], video.View, t0)
			require.Error(t, err, "a ticket cut to %d characters", i)
		}
	})
	t.Run("every one-character change", func(t *testing.T) {
		for i := range len(ticket) {
			_, err := tk.Verify(flip(ticket, i), video.View, t0)
			require.Error(t, err, "a ticket changed at %d", i)
		}
	})
	t.Run("wrong action", func(t *testing.T) {
		c, err := tk.Verify(ticket, video.Download, t0)
		require.ErrorIs(t, err, video.ErrTicketWrongAction)
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
		assert.Equal(t, video.View, c.Action)
	})
	t.Run("another user's ticket", func(t *testing.T) {
		_, err := tk.VerifyFor(ticket, video.View, "p-someone-else", t0)
		require.ErrorIs(t, err, video.ErrTicketWrongUser)
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
		_, err = tk.VerifyFor(ticket, video.View, "", t0)
		require.ErrorIs(t, err, video.ErrTicketWrongUser)
	})
}

func TestTicketKeyRotation(t *testing.T) {
	old := newTicketer(t, testTickets())
	oldTicket := issue(t, old, claims(video.View), t0)

	// Rotate: k2 signs, k1 still verifies.
	rotated := newTicketer(t, video.TicketConfig{KeyID: "k2", Keys: map[string][]byte{"k1": key('1'), "k2": key('2')}})
	newTicket := issue(t, rotated, claims(video.View), t0)
	assert.True(t, strings.HasPrefix(newTicket, "v1.k2."))
	for _, ticket := range []string{oldTicket, newTicket} {
		_, err := rotated.Verify(ticket, video.View, t0)
		require.NoError(t, err)
	}
	_, err := old.Verify(newTicket, video.View, t0)
	require.ErrorIs(t, err, video.ErrTicketUnknownKey, "a server that has not rotated yet")

	// Retire k1: its tickets are refused.
	retired := newTicketer(t, video.TicketConfig{KeyID: "k2", Keys: map[string][]byte{"k2": key('2')}})
	_, err = retired.Verify(oldTicket, video.View, t0)
	require.ErrorIs(t, err, video.ErrTicketUnknownKey)
	_, err = retired.Verify(newTicket, video.View, t0)
	require.NoError(t, err)
}

func TestTicketConfigCheck(t *testing.T) {
	tests := []struct {
		name  string
		cfg   video.TicketConfig
		field string
		rule  string
	}{
		{"no key id", video.TicketConfig{Keys: map[string][]byte{"k1": key('1')}}, "KeyID", carenet.RuleRequired},
		{"unknown key id", video.TicketConfig{KeyID: "k9", Keys: map[string][]byte{"k1": key('1')}}, "KeyID", carenet.RuleOneOf},
		{"no keys", video.TicketConfig{KeyID: "k1"}, "Keys", carenet.RuleRequired},
		{"short key", video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": key('1')[:31]}}, "Keys[k1]", carenet.RuleTooShort},
		{"key id with a dot", video.TicketConfig{KeyID: "k.1", Keys: map[string][]byte{"k.1": key('1')}}, "Keys[k.1]", carenet.RuleFormat},
		{"negative TTL", video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": key('1')}, TTL: -1}, "TTL", carenet.RuleRange},
		{"TTL over an hour", video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": key('1')}, TTL: 2 * time.Hour}, "TTL", carenet.RuleRange},
		{"TTL under a second", video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": key('1')}, TTL: time.Millisecond}, "TTL", carenet.RuleRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := video.NewTicketer(tt.cfg)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.True(t, carenet.Validation(err).Has(tt.field, tt.rule), "%v", err)
		})
	}
	t.Run("default TTL", func(t *testing.T) {
		assert.Equal(t, video.DefaultTicketTTL, newTicketer(t, testTickets()).TTL())
	})
	t.Run("keys are copied", func(t *testing.T) {
		cfg := testTickets()
		tk := newTicketer(t, cfg)
		ticket := issue(t, tk, claims(video.View), t0)
		cfg.Keys["k1"][0] ^= 0xff
		_, err := tk.Verify(ticket, video.View, t0)
		require.NoError(t, err)
	})
}

func TestTicketIssueRefusesBadClaims(t *testing.T) {
	tk := newTicketer(t, testTickets())
	long := claims(video.View)
	long.ShareID = strings.Repeat("s", 256)
	empty := claims(video.View)
	empty.GranteeID = ""
	for _, c := range []video.Claims{long, empty, claims(0)} {
		_, _, err := tk.Issue(c, t0)
		assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	}
	longest := claims(video.Download)
	longest.TicketID, longest.ShareID, longest.VideoID, longest.GranteeID = strings.Repeat("t", 255), strings.Repeat("s", 255), strings.Repeat("v", 255), strings.Repeat("g", 255)
	ticket := issue(t, tk, longest, t0)
	got, err := tk.Verify(ticket, video.Download, t0)
	require.NoError(t, err)
	assert.Equal(t, longest.GranteeID, got.GranteeID)
}

// FuzzVerifyTicket checks that Verify and VerifyFor never panic, refuse
// everything but the one ticket signed for the test with the right codes,
// and that no change to that ticket still verifies: the only string that
// verifies is the ticket itself. The seeds run as an ordinary test.
func FuzzVerifyTicket(f *testing.F) {
	tk := newTicketer(f, testTickets())
	good := issue(f, tk, claims(video.View), t0)
	download := issue(f, tk, claims(video.Download), t0)
	evil := issue(f, newTicketer(f, video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": key('e')}}), claims(video.View), t0)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:len(good)-1])
	f.Add(good + "=")
	f.Add(strings.Replace(good, "v1.", "v2.", 1))
	f.Add(download)
	f.Add(evil)
	f.Add("v1.k1..")
	f.Add("v1...")
	f.Add("v1.k1.AQAAAABp" + "." + strings.Repeat("A", 43))
	f.Add(strings.Repeat(".", 10))
	f.Add("v1.k1." + strings.Repeat("A", 3000) + ".x")
	f.Add("v1.\xff\x00." + good[6:])
	f.Fuzz(func(t *testing.T, ticket string) {
		c, err := tk.Verify(ticket, video.View, t0)
		_, errFor := tk.VerifyFor(ticket, video.View, "p-grantee", t0)
		if (err == nil) != (errFor == nil) {
			t.Fatalf("Verify and VerifyFor disagree on %q: %v / %v", ticket, err, errFor)
		}
		if err == nil {
			if ticket != good {
				t.Fatalf("a ticket other than the one signed verified: %q (claims %+v)", ticket, c)
			}
			return
		}
		var e *carenet.Error
		if !errors.As(err, &e) || (e.Code != carenet.Unauthenticated && e.Code != carenet.Forbidden) {
			t.Fatalf("error %v has no expected code", err)
		}
		if c != (video.Claims{}) && !errors.Is(err, video.ErrTicketWrongAction) && !errors.Is(err, video.ErrTicketExpired) {
			t.Fatalf("claims %+v returned with %v", c, err)
		}
	})
}
