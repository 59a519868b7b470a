// Package docs turns a folder of Markdown files into the exact articles that would be sent to Atender, and
// reports everything wrong with it, each problem at its file, line and column, before any request is made.
package docs

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/atender/atender/internal/escape"
)

// Severity of a diagnostic.
type Severity string

const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
)

// Diagnostic is one problem. Path is relative to the docs folder, with forward slashes; Line and Col are
// 1-based (1 when unknown).
type Diagnostic struct {
	Path     string   `json:"path"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
	// Code is stable: `rules:` in the config file sets it to error, warning or off (see Codes).
	Code Code `json:"code,omitempty"`
}

// String is the one-line PATH:LINE:COL: SEVERITY: MESSAGE form. A path with a newline, another control
// character or an invisible format character (a bidi override) is quoted (Go syntax), and such characters
// in the message are escaped (escape.Terminal), so that the line stays one line and a terminal shows the
// name rather than obeying it.
func (d Diagnostic) String() string {
	p := d.Path
	if escape.HasHidden(p) {
		p = strconv.Quote(p)
	}
	code := ""
	if d.Code != "" {
		code = " [" + d.Code + "]"
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s%s", p, d.Line, d.Col, d.Severity, escape.Terminal(d.Message), code)
}

type diags []Diagnostic

func (ds *diags) add(code Code, path string, line, col int, sev Severity, format string, args ...any) {
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	*ds = append(*ds, Diagnostic{Path: path, Line: line, Col: col, Severity: sev, Message: fmt.Sprintf(format, args...), Code: code})
}

func (ds *diags) errorf(code Code, path string, line, col int, format string, args ...any) {
	ds.add(code, path, line, col, SevError, format, args...)
}

func (ds *diags) warnf(code Code, path string, line, col int, format string, args ...any) {
	ds.add(code, path, line, col, SevWarning, format, args...)
}

func sortDiags(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
