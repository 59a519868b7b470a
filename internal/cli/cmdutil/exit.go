// Package cmdutil holds what every command shares: the Factory of side effects, IO streams, exit codes and
// the one place where errors become exit codes.
package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Exit codes, the same for every command and listed in every command's help.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitChanges     = 2 // changes pending, only with --detailed-exitcode
	ExitInvalidDocs = 3
	ExitAuth        = 4 // key or authentication problem
	ExitInterrupted = 130
)

// exitCodeLines are the lines of the exit-code table, by code.
var exitCodeLines = map[int]string{
	ExitOK:          "  0    ok (in sync)",
	ExitFailure:     "  1    error (network, API, unexpected reply, bad usage or config)",
	ExitChanges:     "  2    changes pending (only with --detailed-exitcode)",
	ExitInvalidDocs: "  3    invalid docs tree (nothing was sent)",
	ExitAuth:        "  4    API key or authentication problem",
	ExitInterrupted: "  130  interrupted",
}

// ExitCodes is the exit-code table of a command that can end with exactly these codes: a command's help
// lists only the codes it can return.
func ExitCodes(codes ...int) string {
	var b strings.Builder
	b.WriteString("\n\nExit codes:")
	for _, c := range codes {
		b.WriteString("\n" + exitCodeLines[c])
	}
	return b.String()
}

// ExitCodesHelp is the whole table, for the root and the command groups.
const ExitCodesHelp = `

Exit codes:
  0    ok (in sync)
  1    error (network, API, unexpected reply)
  2    changes pending (only with --detailed-exitcode)
  3    invalid docs tree (nothing was sent)
  4    API key or authentication problem
  130  interrupted`

// ExitError carries an exit code with its error. A nil Err means the command already told the user.
type ExitError struct {
	Code int
	Err  error
	// Hint says what to do; printed after the message ("what to do: …") and in a JSON error's hint.
	Hint string
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Exit wraps err with an exit code.
func Exit(code int, err error) error { return &ExitError{Code: code, Err: err} }

// ExitHint wraps err with an exit code and what to do about it.
func ExitHint(code int, err error, hint string) error {
	return &ExitError{Code: code, Err: err, Hint: hint}
}

// HintOf returns the hint of an error, if it has one.
func HintOf(err error) string {
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Hint
	}
	return ""
}

// Silent is an exit code whose message was already printed.
func Silent(code int) error { return &ExitError{Code: code} }

// FlagError is a usage error: a bad flag value, a wrong number of arguments, an unknown subcommand. It
// exits 1 and points at --help.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// FlagErrorf returns a FlagError with a formatted message.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// CodeOf maps an error to its exit code.
func CodeOf(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	var fe *FlagError
	if errors.As(err, &fe) {
		return ExitFailure
	}
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted
	}
	return ExitFailure
}

// ErrorCode is the stable code of a failure in JSON (the -o json error document, a result file's `error`),
// listed with its exit code in docs/schema/defs.json.
func ErrorCode(err error, code int) string {
	var fe *FlagError
	switch {
	case errors.As(err, &fe):
		return "usage"
	case code == ExitAuth:
		return "auth"
	case code == ExitInvalidDocs:
		return "invalid_docs"
	case code == ExitInterrupted:
		return "interrupted"
	}
	return "error"
}
