//go:build !unix

package kbcmd

import "time"

// processCPU is 0 where the process's CPU time is not read: benchmarks then report wall time alone.
func processCPU() time.Duration { return 0 }
