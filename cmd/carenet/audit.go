package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

const auditUsage = `usage: carenet audit <subcommand> [flags]

subcommands:
  verify         check the hash chain, its end, and optionally a checkpoint
  checkpoint     verify the log and print a signed checkpoint of its head
  keygen         make a checkpoint signing key
  export         write the log (or what a filter selects) as CSV or JSON Lines
  verify-export  check an exported file offline, optionally against a checkpoint

The signing key comes from -key FILE or, without it, from $CARENET_AUDIT_KEY
(the key's text as keygen writes it); the public key from -public-key FILE or
$CARENET_AUDIT_PUBLIC_KEY. Keep the signing key and the checkpoints where the
database's users cannot change them.`

func cmdAudit(ctx context.Context, e *env, args []string) error {
	sub := map[string]func(context.Context, *env, []string) error{
		"verify":        cmdAuditVerify,
		"checkpoint":    cmdAuditCheckpoint,
		"keygen":        cmdAuditKeygen,
		"export":        cmdAuditExport,
		"verify-export": cmdAuditVerifyExport,
	}
	if len(args) > 0 {
		if run, ok := sub[args[0]]; ok {
			return run(ctx, e, args[1:])
		}
		if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
			fmt.Fprintln(e.stderr, auditUsage)
			return flag.ErrHelp
		}
	}
	return fmt.Errorf("%w: %s", errUsage, auditUsage)
}

func cmdAuditVerify(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "audit verify", "[-anchor SEQ:HASH] [-checkpoint FILE [-public-key FILE] [-resume]]",
		"Walk the audit log's hash chain and report the first altered, removed, inserted or reordered event,\n"+
			"check the chain's end against the database's record of it, and that no committed event waits\n"+
			"unsealed past the bound. With -checkpoint (signed by 'audit checkpoint', kept elsewhere) a log cut\n"+
			"short or rewritten since is detected even if its record of the end was rewritten too.\n"+
			"On a terminal it shows its progress on standard error.")
	anchor := fs.String("anchor", "", "a head printed by an earlier run, as SEQ:HASH")
	cpFile := fs.String("checkpoint", "", "a checkpoint file the log must still hold")
	pubFile := fs.String("public-key", "", "the checkpoint's public key file (default: $CARENET_AUDIT_PUBLIC_KEY)")
	resume := fs.Bool("resume", false, "start at the checkpoint instead of the first event")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	opts := audit.VerifyOptions{}
	if *anchor != "" {
		seq, hash, ok := strings.Cut(*anchor, ":")
		n, err := strconv.ParseInt(seq, 10, 64)
		if !ok || err != nil || n < 1 || len(hash) != 64 {
			return fmt.Errorf("%w: -anchor must be SEQ:HASH as printed by audit verify", errUsage)
		}
		opts.Anchor = audit.Head{Seq: n, Hash: hash}
	}
	cp, pub, err := checkpointAndKey(e, *cpFile, *pubFile)
	if err != nil {
		return err
	}
	if cp != nil {
		if opts.Anchor != (audit.Head{}) {
			return fmt.Errorf("%w: give -anchor or -checkpoint, not both", errUsage)
		}
		if *resume {
			opts.From = cp.Head()
		}
	} else if *resume {
		return fmt.Errorf("%w: -resume needs -checkpoint", errUsage)
	}
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	svc := audit.NewService(store.Audit())
	bar := e.begin("verifying the audit log")
	opts.Progress = func(pr audit.Progress) { bar.set(int(pr.Checked), "events") }
	var rep audit.Report
	if cp != nil {
		rep, err = svc.VerifyCheckpoint(ctx, *cp, pub, opts)
	} else {
		rep, err = svc.VerifyLog(ctx, opts)
	}
	bar.done()
	printFigures(e.stdout, rep, cp)
	if err != nil {
		return describeCheck(err, fmt.Sprintf("audit log BROKEN after checking %d events", rep.Checked), "")
	}
	fmt.Fprintf(e.stdout, "audit log verified: %d events, head %d:%s\n", rep.Checked, rep.Head.Seq, rep.Head.Hash)
	return nil
}

// printFigures writes what a verification found.
func printFigures(w io.Writer, rep audit.Report, cp *audit.Checkpoint) {
	rate := ""
	if s := rep.Elapsed.Seconds(); s > 0 && rep.Checked > 0 {
		rate = fmt.Sprintf(" (%.0f events/s)", float64(rep.Checked)/s)
	}
	if rep.From.Seq > 0 {
		fmt.Fprintf(w, "resumed after:    event %d\n", rep.From.Seq)
	}
	fmt.Fprintf(w, "events checked:   %d in %s%s\n", rep.Checked, rep.Elapsed.Round(time.Millisecond), rate)
	fmt.Fprintf(w, "verified to:      event %d\n", rep.Head.Seq)
	fmt.Fprintf(w, "recorded end:     event %d\n", rep.Recorded.Seq)
	fmt.Fprintf(w, "waiting to seal:  %d (oldest %s; bound %s)\n", rep.Unsealed, rep.OldestUnsealed.Round(time.Millisecond), audit.SealBound)
	if cp != nil {
		fmt.Fprintf(w, "checkpoint:       event %d of %s, key %s\n", cp.Seq, cp.Time.Format(time.RFC3339), cp.KeyID)
	}
}

func cmdAuditCheckpoint(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "audit checkpoint", "[-key FILE] [-from CHECKPOINT -public-key FILE] [-out FILE]",
		"Verify the audit log and print a checkpoint of its head signed with the key: the sequence number,\n"+
			"hash and time, and the key's ID. Keep it where the database's users cannot change it; 'audit verify\n"+
			"-checkpoint' then proves the log still holds it. With -from it verifies only the events after an\n"+
			"earlier checkpoint.")
	keyFile := fs.String("key", "", "the signing key file (default: $CARENET_AUDIT_KEY holds the key)")
	from := fs.String("from", "", "an earlier checkpoint to verify from")
	pubFile := fs.String("public-key", "", "the earlier checkpoint's public key file (default: $CARENET_AUDIT_PUBLIC_KEY; else the signing key's)")
	out := fs.String("out", "", "write the checkpoint to this file instead of standard output")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	key, err := signingKey(e, *keyFile)
	if err != nil {
		return err
	}
	opts := audit.VerifyOptions{}
	if *from != "" {
		prev, err := readCheckpoint(*from)
		if err != nil {
			return err
		}
		pub := key.Public().(ed25519.PublicKey)
		if *pubFile != "" || e.getenv("CARENET_AUDIT_PUBLIC_KEY") != "" {
			if pub, err = publicKey(e, *pubFile); err != nil {
				return err
			}
		}
		if err := prev.Verify(pub); err != nil {
			return describe(err)
		}
		opts.From, opts.Anchor = prev.Head(), prev.Head()
	}
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	cp, _, err := audit.NewService(store.Audit()).Checkpoint(ctx, key, opts)
	if err != nil {
		return describeCheck(err, "audit log BROKEN", "; no checkpoint made")
	}
	text, _ := cp.MarshalText()
	if *out != "" {
		if err := os.WriteFile(*out, text, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "checkpoint of event %d written to %s\n", cp.Seq, *out)
		return nil
	}
	_, err = e.stdout.Write(text)
	return err
}

func cmdAuditKeygen(_ context.Context, e *env, args []string) error {
	fs := subFlags(e, "audit keygen", "-out FILE",
		"Make an Ed25519 key for signing checkpoints: the signing key goes to FILE (readable by its owner\n"+
			"only), the public key to FILE.pub and standard output. Keep the signing key away from the database.")
	out := fs.String("out", "", "the signing key file to create (required)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: audit keygen needs -out FILE", errUsage)
	}
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(audit.MarshalPrivateKey(key)); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(*out+".pub", audit.MarshalPublicKey(pub), 0o644); err != nil {
		return err
	}
	_, err = e.stdout.Write(audit.MarshalPublicKey(pub))
	return err
}

func cmdAuditExport(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "audit export", "[-format csv|jsonl] [-since TIME] [-until TIME] [-action A,B] [-actor ID] [-target-type T] [-target ID]",
		"Write the audit log's events to standard output, oldest first, streamed: every event, or those the\n"+
			"filters select. Each row holds the event's sequence number, hash and every field the hash covers,\n"+
			"so 'audit verify-export' can check the file offline. TIME is RFC 3339 (2026-03-02T09:00:00Z).")
	format := fs.String("format", "csv", "csv or jsonl")
	since := fs.String("since", "", "only events at or after this time")
	until := fs.String("until", "", "only events before this time")
	actions := fs.String("action", "", "only these actions, comma-separated")
	q := audit.Query{}
	fs.StringVar(&q.ActorID, "actor", "", "only events of this actor (person ID)")
	fs.StringVar(&q.TargetType, "target-type", "", "only events about this kind of target")
	fs.StringVar(&q.TargetID, "target", "", "only events about this target ID")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	var err error
	if q.Since, err = parseTime("since", *since); err != nil {
		return err
	}
	if q.Until, err = parseTime("until", *until); err != nil {
		return err
	}
	if *actions != "" {
		for a := range strings.SplitSeq(*actions, ",") {
			q.Actions = append(q.Actions, audit.Action(strings.TrimSpace(a)))
		}
	}
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	sum, err := audit.NewService(store.Audit()).Export(ctx, e.stdout, audit.Format(*format), q)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stderr, "exported %d events (%d to %d)\n", sum.Events, sum.First.Seq, sum.Last.Seq)
	return nil
}

func cmdAuditVerifyExport(_ context.Context, e *env, args []string) error {
	fs := subFlags(e, "audit verify-export", "[-format csv|jsonl] [-checkpoint FILE [-public-key FILE]] FILE",
		"Check an exported file without the database: every row must match its hash and follow the row before\n"+
			"it. With -checkpoint the file must be a whole-log export that reaches the checkpoint with its hash.")
	format := fs.String("format", "", "csv or jsonl (default: from the file name, else csv)")
	cpFile := fs.String("checkpoint", "", "a checkpoint the file must hold")
	pubFile := fs.String("public-key", "", "the checkpoint's public key file (default: $CARENET_AUDIT_PUBLIC_KEY)")
	if err := parse(fs, args, 1); err != nil {
		return err
	}
	name := fs.Arg(0)
	f := audit.Format(*format)
	if f == "" {
		f = audit.CSV
		if strings.HasSuffix(name, ".jsonl") || strings.HasSuffix(name, ".ndjson") {
			f = audit.JSONLines
		}
	}
	cp, pub, err := checkpointAndKey(e, *cpFile, *pubFile)
	if err != nil {
		return err
	}
	in, err := os.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	rep, err := audit.VerifyExport(in, f, cp, pub)
	if err != nil {
		return describeCheck(err, fmt.Sprintf("export BROKEN after %d rows", rep.Rows), "")
	}
	whole := "a filtered export: each row matches its hash"
	if rep.Complete {
		whole = "the whole chain from event 1"
	}
	fmt.Fprintf(e.stdout, "export verified: %d rows, events %d to %d, %s\n", rep.Rows, rep.First.Seq, rep.Last.Seq, whole)
	if cp != nil {
		fmt.Fprintf(e.stdout, "holds the checkpoint of event %d (key %s)\n", cp.Seq, cp.KeyID)
	}
	return nil
}

// describeCheck is describe for what a check of the audit chain returned:
// a break it found reads as broken, a colon, the break and after; any
// other error as describe has it.
func describeCheck(err error, broken, after string) error {
	var ce *audit.ChainError
	if errors.As(err, &ce) {
		return fmt.Errorf("%s: %v%s", broken, ce, after)
	}
	return describe(err)
}

func parseTime(flagName, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: -%s must be an RFC 3339 time such as 2026-03-02T09:00:00Z", errUsage, flagName)
	}
	return t, nil
}

// checkpointAndKey reads the checkpoint file, if one is named, and the
// public key that verifies it (see publicKey); with no file it returns
// neither.
func checkpointAndKey(e *env, cpFile, pubFile string) (*audit.Checkpoint, ed25519.PublicKey, error) {
	if cpFile == "" {
		return nil, nil, nil
	}
	cp, err := readCheckpoint(cpFile)
	if err != nil {
		return nil, nil, err
	}
	pub, err := publicKey(e, pubFile)
	if err != nil {
		return nil, nil, err
	}
	return &cp, pub, nil
}

func readCheckpoint(name string) (audit.Checkpoint, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return audit.Checkpoint{}, err
	}
	cp, err := audit.ParseCheckpoint(b)
	if err != nil {
		return audit.Checkpoint{}, fmt.Errorf("%s: %v", name, carenet.Validation(err))
	}
	return cp, nil
}

// signingKey reads the key from file, or from $CARENET_AUDIT_KEY.
func signingKey(e *env, file string) (ed25519.PrivateKey, error) {
	return readKey(e, file, "CARENET_AUDIT_KEY", "-key", "the signing key", audit.ParsePrivateKey)
}

// publicKey reads the key from file, or from $CARENET_AUDIT_PUBLIC_KEY.
func publicKey(e *env, file string) (ed25519.PublicKey, error) {
	return readKey(e, file, "CARENET_AUDIT_PUBLIC_KEY", "-public-key", "the public key", audit.ParsePublicKey)
}

// readKey reads a key's text as keyText does and parses it; a key that
// does not parse is a validation error named by what.
func readKey[K any](e *env, file, envVar, flagName, what string, parse func([]byte) (K, error)) (K, error) {
	var zero K
	text, err := keyText(e, file, envVar, flagName)
	if err != nil {
		return zero, err
	}
	key, err := parse(text)
	if err != nil {
		return zero, fmt.Errorf("%s: %v", what, carenet.Validation(err))
	}
	return key, nil
}

func keyText(e *env, file, envVar, flagName string) ([]byte, error) {
	if file != "" {
		return os.ReadFile(file)
	}
	if v := e.getenv(envVar); v != "" {
		return []byte(v), nil
	}
	return nil, fmt.Errorf("%w: no key: pass %s FILE or set %s", errUsage, flagName, envVar)
}
