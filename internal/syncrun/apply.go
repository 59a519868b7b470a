package syncrun

import (
	"context"
	"fmt"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

// ApplyOptions are the inputs of the apply stage besides the plan.
type ApplyOptions struct {
	Config    *config.Config
	Tree      *docs.Tree
	MaxDelete int
	FailFast  bool
	// Progress and InFlight are passed to apply (see apply.Options).
	Progress func(done, total int)
	InFlight *apply.InFlight
	// PublicBase is where articles are public (report.PublicBase).
	PublicBase string
	// Warnf tells people that what was sent could not be recorded.
	Warnf func(format string, args ...any)
}

// Apply is the apply stage: it runs the plan against the KB and records what was sent for conflict
// detection on the next run.
func Apply(ctx context.Context, client kb.API, p *plan.Plan, o ApplyOptions) *apply.Report {
	rep := apply.Apply(ctx, client, p, apply.Options{MaxDelete: o.MaxDelete, Concurrency: Concurrency(o.Config, client), FailFast: o.FailFast,
		Progress: o.Progress, InFlight: o.InFlight, PublicURL: func(s string) string { return o.PublicBase + facts.PublicPath(s) }})
	if err := Remember(o.Config, o.Tree, rep); err != nil && o.Warnf != nil {
		o.Warnf("could not record what was sent (conflict detection may report this machine's own uncommitted edits): %v", err)
	}
	return rep
}

// Concurrency is the number of parallel writes: the setting (flag, ATENDER_CONCURRENCY, concurrency: in
// the config file), else the default of the rate tier.
func Concurrency(cfg *config.Config, c kb.API) int {
	if cfg.Concurrency > 0 {
		return cfg.Concurrency
	}
	return DefaultConcurrency(c)
}

// DefaultConcurrency suits the rate tier the server announced: on starter a request a second leaves
// nothing to gain from more than two workers; larger tiers use more.
func DefaultConcurrency(c kb.API) int {
	limit := announcedLimit(c)
	switch {
	case limit > 0 && limit <= 70:
		return 2
	case limit > 0 && limit <= 350:
		return 4
	}
	return 8
}

// BudgetWarning says, when the planned writes would not fit the daily cap of the key's tier, what will
// happen; "" when they fit.
func BudgetWarning(c kb.API, p *plan.Plan) string {
	tier, _ := facts.TierByLimit(announcedLimit(c))
	daily := tier.Daily
	if daily > 0 && p.Writes()+Requests(c) > daily {
		return fmt.Sprintf("this sync plans %d writes, more than the daily budget of %d requests of this key's tier; it will stop at the cap (429 until midnight UTC) and a rerun tomorrow finishes it", p.Writes(), daily)
	}
	return ""
}
