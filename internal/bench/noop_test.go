package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/atender/atender/internal/emulator/emulatortest"
)

// proc is one run of the atender binary: wall time, CPU time (user and system: less at the mercy of other
// processes on a busy machine than wall time) and peak resident memory.
type proc struct {
	dur, cpu time.Duration
	peakKB   int64
}

// runBinary runs bin with args in dir against the emulator and measures it as /usr/bin/time would.
func runBinary(b *testing.B, bin, dir string, h *emulatortest.Harness, args ...string) proc {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ATENDER_BASE_URL="+h.URL, "ATENDER_API_KEY="+h.WriteKey, "GITHUB_ACTIONS=", "CI=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("atender %v: %v\n%s", args, err, out.String())
	}
	p := proc{dur: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		p.peakKB = ru.Maxrss // kilobytes on Linux
		if runtime.GOOS == "darwin" {
			p.peakKB /= 1024 // bytes there
		}
	}
	return p
}

// BenchmarkNoOpSync10k compares a no-op `kb sync` of 10,000 articles against the emulator with `kb validate`
// of the same tree, both as separate processes of the real binary (the emulator runs in the benchmark, so
// its memory is not counted), and prints wall time and peak memory of each.
func BenchmarkNoOpSync10k(b *testing.B) {
	const n = 10_000
	bin := filepath.Join(b.TempDir(), "atender")
	build := exec.Command("go", "build", "-o", bin, "github.com/atender/atender/cmd/atender")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for i := 0; i < b.N; i++ {
		dir := genDocs(b, n)
		h := emulatortest.Start(b, emulatortest.Options{})
		runBinary(b, bin, dir, h, "kb", "sync", dir)
		validate := runBinary(b, bin, dir, h, "kb", "validate", dir)
		h.ResetLog()
		noop := runBinary(b, bin, dir, h, "kb", "sync", dir)
		writes := 0
		for _, e := range h.Log() {
			if e.Method != "GET" {
				writes++
			}
		}
		if writes != 0 {
			b.Fatalf("the second sync of an unchanged tree sent %d writes", writes)
		}
		tr, mr := noop.dur.Seconds()/validate.dur.Seconds(), float64(noop.peakKB)/float64(validate.peakKB)
		cr := noop.cpu.Seconds() / validate.cpu.Seconds()
		fmt.Printf("\nno-op kb sync vs kb validate, %d articles (separate processes; emulator without latency)\n\n", n)
		fmt.Printf("| command | wall time | CPU time | peak memory |\n|---|---:|---:|---:|\n")
		fmt.Printf("| kb validate | %.2fs | %.2fs | %.0f MB |\n| kb sync (no-op) | %.2fs | %.2fs | %.0f MB |\n| ratio | %.2f× | %.2f× | %.2f× |\n",
			validate.dur.Seconds(), validate.cpu.Seconds(), float64(validate.peakKB)/1024,
			noop.dur.Seconds(), noop.cpu.Seconds(), float64(noop.peakKB)/1024, tr, cr, mr)
		fmt.Printf("\ntarget: no-op sync ≤ 1.5× validate in time (%s) and peak memory (%s)\n", pass(tr <= 1.5), pass(mr <= 1.5))
		b.ReportMetric(tr, "time-ratio")
		b.ReportMetric(mr, "mem-ratio")
		b.ReportMetric(cr, "cpu-ratio")
	}
}
