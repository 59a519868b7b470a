package kbcmd

import (
	"fmt"
	"strings"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/cli/explain"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/facts"
)

// refusedWrite prints the one error of a run stopped by a refused write (401/403): what the server said,
// the scope, and what to do. The writes it stopped are counted "not started" in the summary.
func refusedWrite(io *cmdutil.IOStreams, cfg *config.Config, rep *apply.Report) {
	if rep == nil || rep.KeyRefused == nil {
		return
	}
	p := explain.Classify(rep.KeyRefused, cfg, facts.ScopeWrite)
	// keys verify's advice to run it with --read-only means nothing to kb sync, which must write.
	fix, _, _ := strings.Cut(p.Fix, " Or, if this key only needs to read")
	fmt.Fprintf(io.ErrOut, "error: %s; no further write was sent. %s `atender keys verify` shows which scope is missing and what to do; kb sync --dry-run, kb status and kb pull work with a read-only key.\n", p.Message, fix)
}
