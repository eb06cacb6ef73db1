package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// buildVersion is what "carenet version" reports: the module version and
// the VCS state the binary was built from, as the Go toolchain recorded
// them in its build information.
type buildVersion struct {
	// Module is the main module's path; Version its version ("(devel)"
	// for a build from a work tree without a tag).
	Module  string `json:"module"`
	Version string `json:"version"`
	// Revision, Time and Modified are vcs.revision, vcs.time and
	// vcs.modified; empty when the build did not stamp them (go build
	// -buildvcs=false, or a build outside a repository).
	Revision string `json:"vcs_revision,omitempty"`
	Time     string `json:"vcs_time,omitempty"`
	Modified *bool  `json:"vcs_modified,omitempty"`
	// Go is the toolchain's version; Platform GOOS/GOARCH.
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// readVersion reads the binary's build information.
func readVersion(bi *debug.BuildInfo, ok bool) buildVersion {
	v := buildVersion{Version: "unknown", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if !ok || bi == nil {
		return v
	}
	v.Module, v.Version = bi.Main.Path, bi.Main.Version
	if v.Version == "" {
		v.Version = "unknown"
	}
	if bi.GoVersion != "" {
		v.Go = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			m := s.Value == "true"
			v.Modified = &m
		}
	}
	return v
}

func cmdVersion(_ context.Context, e *env, args []string) error {
	fs := newFlags(e, "version", "[-json]", "Print the module version and the VCS revision, time and modified flag this binary was\nbuilt from, as recorded in its build information.")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	v := readVersion(debug.ReadBuildInfo())
	if *asJSON {
		return e.writeJSON(v)
	}
	fmt.Fprintf(e.stdout, "carenet %s\n", v.Version)
	if v.Revision != "" {
		modified := ""
		if v.Modified != nil && *v.Modified {
			modified = " (modified)"
		}
		fmt.Fprintf(e.stdout, "revision %s%s\n", v.Revision, modified)
	} else {
		fmt.Fprintln(e.stdout, "revision unknown (built without VCS information)")
	}
	if v.Time != "" {
		fmt.Fprintf(e.stdout, "time     %s\n", v.Time)
	}
	fmt.Fprintf(e.stdout, "go       %s %s\n", v.Go, v.Platform)
	return nil
}
