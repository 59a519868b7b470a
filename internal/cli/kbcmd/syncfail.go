package kbcmd

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/config"
	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/escape"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/syncrun"
)

// resultSinks says whether the GitHub files (job summary, step outputs) are written and where the result
// JSON goes: --result-json, else in Actions $RUNNER_TEMP/atender-result.json. Without RUNNER_TEMP (-o github
// outside Actions, other runners) there is no result file: a fixed name in the shared temp folder is one
// another user can plant a symbolic link at.
func resultSinks(o *SyncOptions, mode config.Output) (inActions bool, resultPath string) {
	inActions = o.Env.Actions || mode == config.OutputGitHub
	resultPath = o.ResultJSON
	if resultPath == "" && inActions {
		if dir := o.Env.RunnerTemp; dir != "" {
			resultPath = filepath.Join(dir, "atender-result.json")
		}
	}
	return inActions, resultPath
}

// writeFailure writes the result JSON, the job summary and the step outputs of a sync that stopped before
// it had a result (a refused listing, a bad key, an invalid tree, a guard): the result carries the error as
// the -o json failure document does. stdout is left to Run, which prints the error there once. cfg is nil
// when the configuration itself could not be read.
func writeFailure(o *SyncOptions, cfg *config.Config, err error, tree *docs.Tree) {
	mode := config.OutputText
	res := &report.SyncResult{SchemaVersion: report.SchemaVersion, DryRun: o.DryRun, Articles: []report.ArticleResult{},
		Categories: []report.ObjectResult{}, Tags: []report.ObjectResult{}, Warnings: []string{}, Diagnostics: []docs.Diagnostic{}}
	if cfg != nil {
		mode, res.BaseURL = cfg.Output, cfg.BaseURL
	}
	if tree != nil {
		res.Diagnostics = syncrun.Diagnostics(tree)
	}
	code := cmdutil.CodeOf(err)
	var ee *cmdutil.ExitError
	switch {
	case errors.As(err, &ee) && ee.Err == nil && code == cmdutil.ExitInvalidDocs && tree != nil:
		res = report.InvalidTreeResult(tree, o.DryRun)
		if cfg != nil {
			res.BaseURL = cfg.BaseURL
		}
	case errors.As(err, &ee) && ee.Err == nil:
		res.Error = &report.ErrorInfo{Code: cmdutil.ErrorCode(err, code), Message: fmt.Sprintf("exit %d (see the log)", code)}
	default:
		res.Error = &report.ErrorInfo{Code: cmdutil.ErrorCode(err, code), Message: escape.Terminal(config.HideKeys(err.Error())),
			Hint: escape.Terminal(config.HideKeys(cmdutil.HintOf(err)))}
	}
	if werr := writeResults(o, mode, nil, res, func(p string) string { return p }); werr != nil {
		o.IO.Warnf("%v", werr)
	}
}
