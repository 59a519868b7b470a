package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/gittest"
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

// noopRounds is how many times each command runs; the table shows the median of each measure, so that one
// run slowed by the other processes of a busy machine does not decide the ratio.
const noopRounds = 5

// BenchmarkNoOpSync10k compares a no-op `kb sync` of 10,000 articles against the emulator with `kb validate`
// of the same tree, both as separate processes of the real binary, and prints the median wall time, CPU time
// (user + system) and peak resident set size (the kernel's maxrss) of each, and their ratios (the median of
// each round's ratio). The two commands run alternately, noopRounds times each, so that a change of load
// hits both alike. It does so twice: for the tree in a plain folder, and for the same tree committed in a Git
// repository, as CI checks it out (there a sync also keeps its record of what it sent, inside .git/). The
// emulator runs in the benchmark process: its CPU time and memory are not the client's and are not counted,
// but it answers the listing while the client waits, so the no-op's wall time includes its serving, as a
// user's includes the server's.
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
		tr, cr, mr := compareNoOp(b, bin, dir, h, fmt.Sprintf("%d articles", n))
		b.ReportMetric(tr, "time-ratio")
		b.ReportMetric(mr, "mem-ratio")
		b.ReportMetric(cr, "cpu-ratio")
		if _, err := exec.LookPath("git"); err != nil {
			fmt.Printf("\n(git is not installed: the tree in a Git repository is not measured)\n")
			continue
		}
		gittest.Run(b, dir, "init", "-q")
		gittest.Commit(b, dir, "docs")
		runBinary(b, bin, dir, h, "kb", "sync", dir) // the first sync in the repository writes the record
		tr, cr, mr = compareNoOp(b, bin, dir, h, fmt.Sprintf("%d articles committed in a Git repository", n))
		b.ReportMetric(tr, "git-time-ratio")
		b.ReportMetric(mr, "git-mem-ratio")
		b.ReportMetric(cr, "git-cpu-ratio")
	}
}

// compareNoOp runs kb validate and a no-op kb sync of dir alternately, noopRounds times each, prints the
// table and returns the ratios of wall time, CPU time and peak memory.
func compareNoOp(b *testing.B, bin, dir string, h *emulatortest.Harness, what string) (tr, cr, mr float64) {
	load := loadAvg()
	var validates, noops []proc
	for range noopRounds {
		validates = append(validates, runBinary(b, bin, dir, h, "kb", "validate", dir))
		h.ResetLog()
		noops = append(noops, runBinary(b, bin, dir, h, "kb", "sync", dir))
		if w := writes(h); w != 0 {
			b.Fatalf("a sync of an unchanged tree sent %d writes", w)
		}
	}
	validate, noop := medianProc(validates), medianProc(noops)
	// Each ratio is the median of the rounds' own ratios: a round's two runs are next to each other in
	// time, so a burst of load that slows one slows the other too, and cancels out of its ratio.
	tr = medianRatio(noops, validates, func(p proc) float64 { return p.dur.Seconds() })
	cr = medianRatio(noops, validates, func(p proc) float64 { return p.cpu.Seconds() })
	mr = medianRatio(noops, validates, func(p proc) float64 { return float64(p.peakKB) })
	fmt.Printf("\nno-op kb sync vs kb validate, %s: separate processes, median of %d runs each, alternating; emulator without latency, in the benchmark process (its CPU and memory not counted); load average %s → %s\n\n",
		what, noopRounds, load, loadAvg())
	fmt.Printf("| command | wall time | CPU time (user+sys) | peak RSS |\n|---|---:|---:|---:|\n")
	fmt.Printf("| kb validate | %.2fs | %.2fs | %.0f MB |\n| kb sync (no-op) | %.2fs | %.2fs | %.0f MB |\n| ratio (median of the rounds' ratios) | %.2f× | %.2f× | %.2f× |\n",
		validate.dur.Seconds(), validate.cpu.Seconds(), float64(validate.peakKB)/1024,
		noop.dur.Seconds(), noop.cpu.Seconds(), float64(noop.peakKB)/1024, tr, cr, mr)
	fmt.Printf("\nruns (wall/CPU/RSS): validate %s; no-op %s\n", runsOf(validates), runsOf(noops))
	fmt.Printf("target: no-op sync ≤ 1.5× validate in wall time (%s) and peak memory (%s)\n", pass(tr <= 1.5), pass(mr <= 1.5))
	return tr, cr, mr
}

func writes(h *emulatortest.Harness) int {
	w := 0
	for _, e := range h.Log() {
		if e.Method != "GET" {
			w++
		}
	}
	return w
}

// medianProc is the median of each measure on its own (wall, CPU and memory need not come from one run).
func medianProc(ps []proc) proc {
	med := func(get func(proc) int64) int64 {
		vs := make([]int64, len(ps))
		for i, p := range ps {
			vs[i] = get(p)
		}
		slices.Sort(vs)
		return vs[len(vs)/2]
	}
	return proc{dur: time.Duration(med(func(p proc) int64 { return int64(p.dur) })), cpu: time.Duration(med(func(p proc) int64 { return int64(p.cpu) })),
		peakKB: med(func(p proc) int64 { return p.peakKB })}
}

// medianRatio is the median over the rounds of get(a[i]) / get(b[i]).
func medianRatio(a, b []proc, get func(proc) float64) float64 {
	rs := make([]float64, len(a))
	for i := range a {
		rs[i] = get(a[i]) / get(b[i])
	}
	slices.Sort(rs)
	return rs[len(rs)/2]
}

func runsOf(ps []proc) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, fmt.Sprintf("%.2f/%.2f/%d", p.dur.Seconds(), p.cpu.Seconds(), p.peakKB/1024))
	}
	return strings.Join(parts, " ")
}

// loadAvg is the one-minute load average (Linux; "?" elsewhere): the benchmark shares the machine.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}
