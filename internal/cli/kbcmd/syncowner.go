package kbcmd

import (
	"context"
	"fmt"

	"github.com/atender/atender/internal/apply"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/syncrun"
)

// refusedWrite prints the one error of a run stopped by a refused write (401/403): what the server said,
// the scope, and what to do. The writes it stopped are counted "not started" in the summary.
func refusedWrite(io *cmdutil.IOStreams, cfg *config.Config, rep *apply.Report) {
	if rep == nil || rep.KeyRefused == nil {
		return
	}
	msg, fix := syncrun.WriteRefusal(rep.KeyRefused, cfg)
	fmt.Fprintf(io.ErrOut, "error: %s; no further write was sent. %s `atender keys verify` shows which scope is missing and what to do; kb sync --dry-run, kb status and kb pull work with a read-only key.\n", msg, fix)
}

// probeWrite asks, in a dry run, whether the key may write (syncrun.WriteProbe) and, when it may not, says
// so once on stderr and, in GitHub Actions, as a notice annotation; the result carries it to the JSON
// output, the result file and the job summary. The exit code does not change.
func (s *syncState) probeWrite(ctx context.Context) {
	s.cannotWrite = syncrun.WriteProbe(ctx, s.client, s.plan, s.cfg)
	if s.cannotWrite == nil {
		return
	}
	notice := s.cannotWrite.Notice()
	fmt.Fprintf(s.o.IO.ErrOut, "notice: %s\n", notice)
	if inActions, _ := resultSinks(s.o, s.cfg.Output); inActions {
		// Workflow commands go to stdout, as the github printer's do, unless stdout is the JSON document.
		w := s.o.IO.Out
		if s.cfg.Output == config.OutputJSON {
			w = s.o.IO.ErrOut
		}
		fmt.Fprintln(w, report.WorkflowCommand("notice", []report.Prop{{Name: "title", Value: "atender"}}, notice))
	}
}
