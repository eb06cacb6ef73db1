package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/carenet-go/carenet/auth"
)

func cmdSetPassword(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "set-password", "[-json]",
		"Redeem a password link (the token create-admin printed, or one an administrator issued): set the\nlogin's new password and end every session of the account. The link works once, before it expires.\n\nThe token and the new password are read from standard input, one per line, so neither appears in\nthe process list or the shell's history; on a terminal they are prompted for without echo.")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	token, password, err := e.readLinkAndPassword()
	if err != nil {
		return err
	}
	store, authSvc, err := openAuth(e, auth.Config{})
	if err != nil {
		return err
	}
	defer store.Close()
	if err := authSvc.CompletePasswordLink(ctx, token, password); err != nil {
		return describe(err)
	}
	if *asJSON {
		return e.writeJSON(struct {
			PasswordSet bool `json:"password_set"`
		}{true})
	}
	fmt.Fprintln(e.stdout, "password set; every session of the account has ended")
	return nil
}

// readLinkAndPassword reads the link token and the new password: prompted
// for without echo on a terminal (the password twice), else the first two
// lines of standard input.
func (e *env) readLinkAndPassword() (token, password string, err error) {
	if e.interactive {
		f, ok := e.stdin.(*os.File)
		if !ok {
			return "", "", fmt.Errorf("standard input is not a terminal")
		}
		read := func(prompt string) (string, error) {
			fmt.Fprint(e.stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(e.stderr)
			return strings.TrimSpace(string(b)), err
		}
		if token, err = read("Password link token: "); err != nil {
			return "", "", err
		}
		if password, err = read("New password: "); err != nil {
			return "", "", err
		}
		again, err := read("New password again: ")
		if err != nil {
			return "", "", err
		}
		if again != password {
			return "", "", usageErr("the two passwords differ")
		}
	} else {
		r := bufio.NewReader(e.stdin)
		if token, err = readLine(r); err != nil {
			return "", "", usageErr("no password link token on standard input: give the token, then the new password, one per line")
		}
		if password, err = readLine(r); err != nil {
			return "", "", usageErr("no new password on standard input: give the token, then the new password, one per line")
		}
	}
	if token == "" {
		return "", "", usageErr("the password link token is empty")
	}
	return token, password, nil
}

// readLine reads one line without its line ending; io.EOF if there is none.
func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil && line == "" {
		if err == io.EOF {
			return "", io.EOF
		}
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
