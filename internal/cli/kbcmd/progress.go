package kbcmd

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/kb"
)

// progress draws a bar with an ETA on a terminal; elsewhere (CI, pipes, JSON) it draws nothing.
type progress struct {
	io     *cmdutil.IOStreams
	on     bool
	client kb.API
	total  int
	mu     sync.Mutex
	last   time.Time
	start  time.Time
}

func newProgress(io *cmdutil.IOStreams, mode config.Output, c kb.API, total int) *progress {
	return &progress{io: io, on: io.ErrTTY && mode == config.OutputText && total > 0, client: c, total: total, start: time.Now()}
}

func (p *progress) update(done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last = time.Now()
	// The ETA comes from the limiter's model (the immediate budget at once, the rest at the sustained
	// rate): the remaining writes cannot go faster than the limiter allows.
	eta := time.Duration(0)
	if l, ok := p.client.(interface{ Limiter() *kb.Limiter }); ok {
		eta = l.Limiter().Estimate(total - done)
	}
	if el := time.Since(p.start); done > 0 {
		if byPace := time.Duration(float64(el) / float64(done) * float64(total-done)); byPace > eta {
			eta = byPace
		}
	}
	width := 30
	filled := width * done / max(total, 1)
	fmt.Fprintf(p.io.ErrOut, "\r[%s%s] %d/%d  ETA %s ", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total, eta.Round(time.Second))
}

func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.io.ErrOut, "\r\033[K")
	}
}
