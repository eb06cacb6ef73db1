package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"
)

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// writeJSON writes v to the command's standard output as one indented JSON
// object and a newline.
func (e *env) writeJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// status is a progress line for long work. On a terminal it shows what is
// under way on standard error, with the time spent, redrawn in place until
// done erases it; otherwise it writes nothing, so logs and pipes get only
// the command's plain result lines.
type status struct {
	w     io.Writer
	what  string
	start time.Time
	stop  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	count int
	unit  string
}

// tick is how often a status line is redrawn.
const tick = 200 * time.Millisecond

// begin starts a status line saying what is under way.
func (e *env) begin(what string) *status {
	s := &status{w: e.stderr, what: what, start: time.Now()}
	if !e.progress {
		return s
	}
	s.stop = make(chan struct{})
	s.draw()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.draw()
			}
		}
	}()
	return s
}

// add counts n more units of work done ("rows", say), shown on the line.
func (s *status) add(n int, unit string) {
	s.mu.Lock()
	s.count += n
	s.unit = unit
	s.mu.Unlock()
}

// set says how many units of work are done so far.
func (s *status) set(n int, unit string) {
	s.mu.Lock()
	s.count = n
	s.unit = unit
	s.mu.Unlock()
}

// draw redraws the line: a carriage return, the text, and an erase to the
// end of the line.
func (s *status) draw() {
	s.mu.Lock()
	defer s.mu.Unlock()
	line := fmt.Sprintf("%s… %.0fs", s.what, time.Since(s.start).Seconds())
	if s.unit != "" {
		line = fmt.Sprintf("%s… %d %s, %.0fs", s.what, s.count, s.unit, time.Since(s.start).Seconds())
	}
	fmt.Fprintf(s.w, "\r%s\x1b[K", line)
}

// done stops the line and erases it.
func (s *status) done() {
	if s.stop == nil {
		return
	}
	close(s.stop)
	s.wg.Wait()
	s.stop = nil
	fmt.Fprint(s.w, "\r\x1b[K")
}

// countingWriter counts the lines written through it on a status line.
type countingWriter struct {
	w    io.Writer
	s    *status
	unit string
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	lines := 0
	for _, b := range p[:n] {
		if b == '\n' {
			lines++
		}
	}
	c.s.add(lines, c.unit)
	return n, err
}
