package memory_test

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time the calling OS thread has used, user and
// system, or false where it cannot be read.
func threadCPU() (time.Duration, bool) {
	const rusageThread = 1 // RUSAGE_THREAD
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
