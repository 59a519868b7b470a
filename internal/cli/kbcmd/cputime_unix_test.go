//go:build unix

package kbcmd

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user+sys) this process has used so far.
func processCPU() time.Duration {
	var r syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
