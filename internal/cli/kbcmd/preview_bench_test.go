package kbcmd

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/spf13/cobra"
)

// genHelpCenter writes n articles the way a help center looks: ten categories with two subcategories each,
// frontmatter, paragraphs, a list, a table, code, and links to two other articles.
func genHelpCenter(b *testing.B, n int) string {
	b.Helper()
	dir := benchDir(b)
	for i := 0; i < n; i++ {
		rel := filepath.Join(fmt.Sprintf("category-%d", i%10), fmt.Sprintf("sub-%d", i%20/10), fmt.Sprintf("article-%04d.md", i))
		next, prev := (i+1)%n, (i+n-1)%n
		body := fmt.Sprintf(`---
title: How to do task %d
summary: What task %d is for, and the steps to do it.
tags: [t%d, help]
status: published
---
Task %d keeps your account in order. Read this before you start, then follow the steps below.

## Before you start

You need an admin role. See [the next task](../../category-%d/sub-%d/article-%04d.md) and
[the previous one](../../category-%d/sub-%d/article-%04d.md#steps) too.

## Steps

1. Open **Settings**.
2. Choose *Task %d* and press Save.
3. Check the result in the list.

| Plan | Available |
|------|-----------|
| Free | no |
| Pro  | yes |

`+"```sh\natender do task-%d --yes\n```"+`

That is all: the change shows at once.
`, i, i, i%25, i, next%10, next%20/10, next, prev%10, prev%20/10, prev, i, i)
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// benchDir is a fresh folder for a benchmark's tree and site: in memory (/dev/shm) where there is one, so
// that what is measured is the program and not the disk's speed at making folders (on this project's test
// machines, ext4 takes 0.6 ms per mkdir and per file created, 150 times tmpfs), else the test's temp dir.
func benchDir(b *testing.B) string {
	b.Helper()
	if d, err := os.MkdirTemp("/dev/shm", "atender-bench-"); err == nil {
		b.Cleanup(func() { os.RemoveAll(d) })
		return d
	}
	return b.TempDir()
}

// measureCommand runs a command built by mk with args, which must succeed, and returns its wall time and the CPU time (user+sys) the
// process spent meanwhile (0 where it cannot be read). The garbage of whatever ran before is collected first,
// so that neither command pays for the other's, as neither would in a process of its own.
func measureCommand(b *testing.B, mk func(*cmdutil.Factory) *cobra.Command, args ...string) (wall, cpu time.Duration) {
	b.Helper()
	f, _, errOut := cmdutil.NewForTest(nil, b.TempDir())
	cmd := mk(f)
	cmd.PersistentFlags().String("output", "", "")
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	runtime.GC()
	cpu0 := processCPU()
	start := time.Now()
	if err := cmd.ExecuteContext(context.Background()); err != nil {
		b.Fatalf("%v: %v\n%s", args, err, errOut)
	}
	return time.Since(start), processCPU() - cpu0
}

// renderRounds is how many times each command runs in BenchmarkRender1000VsValidate.
const renderRounds = 7

// kb render of 1,000 articles takes at most twice as long as kb validate of the same tree. The ratio is the
// median of the rounds' own ratios: a round is a validate and a render next to each other in time, so that
// a burst of load on this shared machine that slows one slows the other too and cancels out of its ratio.
// The ratio of CPU time (user+sys) is printed beside it: on a busy machine it moves much less.
func BenchmarkRender1000VsValidate(b *testing.B) {
	dir := genHelpCenter(b, 1000)
	validate := func(f *cmdutil.Factory) *cobra.Command { return NewCmdValidate(f, nil) }
	render := func(f *cmdutil.Factory) *cobra.Command { return NewCmdRender(f, nil) }
	measureCommand(b, validate, dir) // warm the file cache
	b.ResetTimer()
	var ratio, cpuRatio float64
	for i := 0; i < b.N; i++ {
		var vWall, rWall, vCPU, rCPU, wallRatios, cpuRatios []float64
		for range renderRounds {
			vw, vc := measureCommand(b, validate, dir)
			rw, rc := measureCommand(b, render, dir, "--out", filepath.Join(benchDir(b), "site"))
			vWall, rWall, vCPU, rCPU = append(vWall, ms(vw)), append(rWall, ms(rw)), append(vCPU, ms(vc)), append(rCPU, ms(rc))
			wallRatios = append(wallRatios, float64(rw)/float64(vw))
			if vc > 0 {
				cpuRatios = append(cpuRatios, float64(rc)/float64(vc))
			}
		}
		ratio = median(wallRatios)
		b.ReportMetric(median(vWall), "validate-ms")
		b.ReportMetric(median(rWall), "render-ms")
		b.ReportMetric(ratio, "render/validate")
		if len(cpuRatios) > 0 {
			cpuRatio = median(cpuRatios)
			b.ReportMetric(median(vCPU), "validate-cpu-ms")
			b.ReportMetric(median(rCPU), "render-cpu-ms")
			b.ReportMetric(cpuRatio, "cpu-render/validate")
		}
	}
	if ratio > 2 {
		b.Errorf("kb render of 1,000 articles took %.2f× kb validate of the same tree in wall time, %.2f× in CPU time (medians of %d rounds' ratios, in %s); the budget is 2×",
			ratio, cpuRatio, renderRounds, filepath.Dir(dir))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// median is the middle of vs (which it sorts).
func median(vs []float64) float64 {
	slices.Sort(vs)
	return vs[len(vs)/2]
}

// The home page of a 1,000-article preview is served within 100 ms once the preview has started (the first
// request after start-up, body read to the end).
func BenchmarkPreviewHome1000(b *testing.B) {
	dir := genHelpCenter(b, 1000)
	var first, startup time.Duration
	for i := 0; i < b.N; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan string, 1)
		done := make(chan error, 1)
		f, _, _ := cmdutil.NewForTest(nil, b.TempDir())
		cmd := NewCmdPreview(f, func(ctx context.Context, o *PreviewOptions) error {
			o.Ready = func(addr string) { ready <- addr }
			return previewRun(ctx, o)
		})
		cmd.PersistentFlags().String("output", "", "")
		cmd.SetArgs([]string{dir, "--addr", "127.0.0.1:0", "--offline"})
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		start := time.Now()
		go func() { done <- cmd.ExecuteContext(ctx) }()
		var addr string
		select {
		case addr = <-ready:
		case err := <-done:
			b.Fatalf("preview stopped: %v", err)
		}
		startup = time.Since(start)
		t0 := time.Now()
		resp, err := http.Get("http://" + addr + "/")
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		first = time.Since(t0)
		if n := strings.Count(string(body), `class="a-title"`); resp.StatusCode != 200 || n != 1000 {
			b.Fatalf("home page: %d with %d titles", resp.StatusCode, n)
		}
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(startup.Microseconds())/1000, "startup-ms")
		b.ReportMetric(float64(first.Microseconds())/1000, "home-ms")
		b.ReportMetric(float64(len(body))/1024, "home-KiB")
	}
	if first > 100*time.Millisecond {
		b.Errorf("the home page of 1,000 articles took %v to serve after start-up; the budget is 100 ms", first)
	}
}
