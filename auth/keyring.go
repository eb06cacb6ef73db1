package auth

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth/totp"
)

// defaultTOTPKeyID is the key ID of Config.TOTPKey in the service's ring.
const defaultTOTPKeyID = "default"

// totpRing is the ring that seals and opens TOTP secrets: Config.TOTPKeys,
// or Config.TOTPKey as a ring of one key with ID "default"; nil without
// either. cfg must have passed validate.
func totpRing(cfg Config) *totp.KeyRing {
	if cfg.TOTPKeys != nil {
		return cfg.TOTPKeys
	}
	if cfg.TOTPKey == nil {
		return nil
	}
	r, _ := totp.NewKeyRing(defaultTOTPKeyID, map[string][]byte{defaultTOTPKeyID: cfg.TOTPKey})
	return r
}

// resealStale re-seals c's TOTP secret under the ring's current key when
// it was sealed under another (or with no key ID), and says so in details.
// A login with a valid code calls it, so secrets move to a new key as
// their users sign in.
func (s *Service) resealStale(c *Credentials, details map[string]string) {
	if s.totp == nil || len(c.TOTPSecret) == 0 || totp.KeyID(c.TOTPSecret) == s.totp.Current() {
		return
	}
	secret, _, err := s.totp.Open(c.TOTPSecret)
	if err != nil {
		return
	}
	if sealed, err := s.totp.Seal(secret); err == nil {
		c.TOTPSecret = sealed
		details["totp_resealed"] = "true"
	}
}

// ResealReport is what ResealTOTPSecrets did.
type ResealReport struct {
	// Resealed counts the secrets now sealed under the current key that
	// were not; Current those already were.
	Resealed int
	Current  int
	// Unreadable lists the accounts whose secret no key of the ring opens
	// (a key removed too soon): their holders cannot sign in with a code
	// until an administrator resets their second factor.
	Unreadable []string
}

// ResealTOTPSecrets re-seals every enrolled TOTP secret under the current
// key of the ring (Config.TOTPKeys), so that an old key can then be
// removed. It is an operator's operation, like CreateAdministrator: the
// host runs it after making a new key current, with the old keys still in
// the ring. Each secret is re-sealed in its own transaction, audited as
// EventTOTPResealed with the system as actor; running it again does only
// what is left. Invalid if the service has no TOTP key.
func (s *Service) ResealTOTPSecrets(ctx context.Context) (_ ResealReport, callErr error) {
	defer s.obs.Call(&ctx, "auth.ResealTOTPSecrets")(&callErr)
	var rep ResealReport
	if s.totp == nil {
		return rep, carenet.Errorf(carenet.Invalid, "second factors are not configured")
	}
	ids, err := carenet.View(ctx, s.store, func(tx Tx) ([]string, error) {
		return tx.Accounts().TOTPAccounts(ctx)
	})
	if err != nil {
		return rep, err
	}
	for _, id := range ids {
		// Counted once the transaction commits, so a retried one counts once.
		st, err := carenet.Update(ctx, s.store, func(tx Tx) (resealed, error) {
			c, err := tx.Accounts().Credentials(ctx, id)
			if err != nil || len(c.TOTPSecret) == 0 {
				return resealNone, err
			}
			before := totp.KeyID(c.TOTPSecret)
			if before == s.totp.Current() {
				return resealCurrent, nil
			}
			secret, _, err := s.totp.Open(c.TOTPSecret)
			if err != nil {
				return resealUnreadable, nil
			}
			if c.TOTPSecret, err = s.totp.Seal(secret); err != nil {
				return resealNone, err
			}
			if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
				return resealNone, err
			}
			return resealDone, s.record(ctx, tx, audit.Event{Action: EventTOTPResealed, TargetType: audit.TargetAccount, TargetID: id, Details: map[string]string{
				"key_before": before, "key_after": s.totp.Current()}})
		})
		if err != nil {
			return rep, err
		}
		switch st {
		case resealCurrent:
			rep.Current++
		case resealUnreadable:
			rep.Unreadable = append(rep.Unreadable, id)
		case resealDone:
			rep.Resealed++
		}
	}
	return rep, nil
}

// resealed is what re-sealing one account's secret did.
type resealed int

const (
	resealNone       resealed = iota // no secret (removed meanwhile)
	resealCurrent                    // sealed under the current key already
	resealUnreadable                 // no key of the ring opens it
	resealDone                       // sealed again under the current key
)
