package auth

import (
	"context"

	"github.com/carenet-go/carenet"
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
// ActionTOTPResealed with the system as actor; running it again does only
// what is left. Invalid if the service has no TOTP key.
func (s *Service) ResealTOTPSecrets(ctx context.Context) (_ ResealReport, callErr error) {
	defer s.obs.Call(&ctx, "auth.ResealTOTPSecrets")(&callErr)
	var rep ResealReport
	if s.totp == nil {
		return rep, carenet.Errorf(carenet.Invalid, "second factors are not configured")
	}
	var ids []string
	if err := s.store.View(ctx, func(tx Tx) error {
		var err error
		ids, err = tx.Accounts().TOTPAccounts(ctx)
		return err
	}); err != nil {
		return rep, err
	}
	for _, id := range ids {
		err := s.store.Update(ctx, func(tx Tx) error {
			c, err := tx.Accounts().Credentials(ctx, id)
			if err != nil || len(c.TOTPSecret) == 0 {
				return err
			}
			before := totp.KeyID(c.TOTPSecret)
			if before == s.totp.Current() {
				rep.Current++
				return nil
			}
			secret, _, err := s.totp.Open(c.TOTPSecret)
			if err != nil {
				rep.Unreadable = append(rep.Unreadable, id)
				return nil
			}
			if c.TOTPSecret, err = s.totp.Seal(secret); err != nil {
				return err
			}
			if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
				return err
			}
			rep.Resealed++
			return s.record(ctx, tx, "", ActionTOTPResealed, "account", id, map[string]string{
				"key_before": before, "key_after": s.totp.Current()})
		})
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}
