package syncrun

import (
	"context"
	"strings"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/cli/explain"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
	"github.com/atender/atender/internal/report"
)

// WriteProbe is a dry run's question, before anything would be written, whether the key may write: one
// change-nothing probe (kb.ProbeWrite), sent only when the plan has writes. It returns what to tell the
// user when the key would be refused the way a real run stops at its first write (401 or 403; see
// apply.KeyRefusal), and nil otherwise: no writes planned, the key may write, the probe could not tell (the
// run goes on as before), or the client cannot probe (a test's stand-in for the API).
func WriteProbe(ctx context.Context, c kb.API, p *plan.Plan, cfg *config.Config) *report.KeyCannotWrite {
	pr, ok := c.(kb.Prober)
	if !ok || p.Writes() == 0 {
		return nil
	}
	_, _, err := kb.ProbeWrite(ctx, pr)
	if !apply.KeyRefusal(err) {
		return nil
	}
	msg, fix := WriteRefusal(err, cfg)
	return &report.KeyCannotWrite{Status: kb.StatusOf(err), Message: msg, Fix: fix, RequestID: kb.RequestIDOf(err)}
}

// WriteRefusal explains a write refused for the key's sake (401/403) to someone running kb sync: what the
// server said and what to do. keys verify's advice to run it with --read-only is left out: kb sync must write.
func WriteRefusal(err error, cfg *config.Config) (message, fix string) {
	p := explain.Classify(err, cfg, facts.ScopeWrite)
	fix, _, _ = strings.Cut(p.Fix, " Or, if this key only needs to read")
	return config.HideKeys(p.Message), config.HideKeys(fix)
}
