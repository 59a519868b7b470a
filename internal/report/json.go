package report

import "github.com/atender/atender/internal/docs"

// SchemaVersion is the version of every JSON document atender prints (docs/schema). It changes only when a
// field changes meaning or goes away; new fields do not change it.
const SchemaVersion = 1

// ErrorInfo is the error of a JSON document: a stable code for scripts, the message for people, and what
// to do.
type ErrorInfo struct {
	Code    string `json:"code"` // usage, auth, invalid_docs, max_delete, interrupted, error (docs/schema/defs.json)
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// ErrorDocument is what a command prints with --output json when it fails before it has a result.
type ErrorDocument struct {
	SchemaVersion int       `json:"schemaVersion"`
	Error         ErrorInfo `json:"error"`
}

// InvalidTreeResult is the sync result of a tree that has errors: nothing was planned or sent.
func InvalidTreeResult(t *docs.Tree, dryRun bool) *SyncResult {
	d := t.Diagnostics
	if d == nil {
		d = []docs.Diagnostic{}
	}
	pages := t.PageCounts()
	return &SyncResult{SchemaVersion: SchemaVersion, DryRun: dryRun, Articles: []ArticleResult{}, Categories: []ObjectResult{},
		Tags: []ObjectResult{}, Warnings: []string{}, Diagnostics: d, Pages: &pages,
		Error: &ErrorInfo{Code: "invalid_docs", Message: Summary(t), Hint: "fix the files named in diagnostics (atender kb validate lists them); nothing was sent"}}
}

// LsResult is the --output json shape of `kb ls`.
type LsResult struct {
	SchemaVersion int               `json:"schemaVersion"`
	Root          string            `json:"root"`
	Articles      []*docs.Page      `json:"articles"`
	Diagnostics   []docs.Diagnostic `json:"diagnostics"`
}

// VersionResult is the --output json shape of `version`.
type VersionResult struct {
	SchemaVersion int    `json:"schemaVersion"`
	Version       string `json:"version"`
}
