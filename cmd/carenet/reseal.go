package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/totp"
)

func cmdResealTOTP(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "reseal-totp", "-current ID [-json]",
		"Re-seal every enrolled second-factor secret under the key named -current, so an older key can be\nremoved from the host's key ring. The ring is read from standard input, one key a line as\nID=BASE64 (32 bytes each): the current key and every older one still in use. Keys never go in\nflags or the environment. Exit status 1 if a secret opens with no key of the ring.")
	current := fs.String("current", "", "ID of the key to seal under (required)")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required(fs, "current"); err != nil {
		return err
	}
	keys := map[string][]byte{}
	sc := bufio.NewScanner(e.stdin)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		id, b64, ok := strings.Cut(line, "=")
		key, err := base64.StdEncoding.DecodeString(b64)
		if !ok || err != nil {
			return usageErr("standard input line %d: want ID=BASE64", n)
		}
		keys[id] = key
	}
	ring, err := totp.NewKeyRing(*current, keys)
	if err != nil {
		return describe(err)
	}
	store, authSvc, err := openAuth(e, auth.Config{TOTPKeys: ring})
	if err != nil {
		return err
	}
	defer store.Close()
	st := e.begin("re-sealing second factors")
	rep, err := authSvc.ResealTOTPSecrets(ctx)
	st.done()
	if err != nil {
		return describe(err)
	}
	if *asJSON {
		unreadable := append([]string{}, rep.Unreadable...)
		if err := e.writeJSON(struct {
			Resealed   int      `json:"resealed"`
			Current    int      `json:"current"`
			Unreadable []string `json:"unreadable"`
		}{rep.Resealed, rep.Current, unreadable}); err != nil {
			return err
		}
	} else {
		for _, id := range rep.Unreadable {
			fmt.Fprintf(e.stderr, "account %s: no key of the ring opens its second factor; reset it\n", id)
		}
		fmt.Fprintf(e.stdout, "reseal-totp: %d re-sealed under %s, %d already were, %d unreadable\n",
			rep.Resealed, ring.Current(), rep.Current, len(rep.Unreadable))
	}
	if len(rep.Unreadable) > 0 {
		return fmt.Errorf("%d second factors could not be opened", len(rep.Unreadable))
	}
	return nil
}
