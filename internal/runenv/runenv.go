// Package runenv says where the program runs: in CI, in GitHub Actions, with which standard streams on a
// terminal, whether colour is wanted. It is decided once, at start-up (Process), and passed down; nothing
// else reads GITHUB_ACTIONS, CI, NO_COLOR or TERM, the runner's file paths (GITHUB_STEP_SUMMARY,
// GITHUB_OUTPUT, RUNNER_TEMP, GITHUB_WORKSPACE), or asks whether a stream is a terminal.
package runenv

import (
	"os"

	"golang.org/x/term"
)

// Env is where the program runs. The zero value is a plain process outside CI with no terminal: what a
// test gets unless it says otherwise.
type Env struct {
	// Actions: a GitHub Actions runner (GITHUB_ACTIONS=true): the output defaults to workflow commands,
	// and the job summary and step outputs are written.
	Actions bool
	// CI: any CI system (CI set, or Actions): no progress line, no colour, no question asked.
	CI bool
	// StdinTTY, StdoutTTY, StderrTTY: the stream is a terminal.
	StdinTTY, StdoutTTY, StderrTTY bool
	// NoColor: the user asked for no colour (NO_COLOR set) or the terminal cannot show it (TERM=dumb).
	NoColor bool

	// The runner's files and folders, as the environment names them ("" when unset). They are read
	// whether or not Actions is set: -o github outside Actions writes the same files when they are named.
	StepSummary string // GITHUB_STEP_SUMMARY: the job summary (Markdown, appended to)
	Outputs     string // GITHUB_OUTPUT: the step outputs (appended to)
	RunnerTemp  string // RUNNER_TEMP: the runner's own temporary folder (where the result JSON goes)
	Workspace   string // GITHUB_WORKSPACE: the checkout, the root that annotation paths are relative to
}

// Detect reads the environment through getenv and asks isTerminal about the file descriptors 0, 1 and 2.
func Detect(getenv func(string) string, isTerminal func(fd int) bool) Env {
	actions := getenv("GITHUB_ACTIONS") == "true"
	return Env{
		Actions:   actions,
		CI:        actions || getenv("CI") != "",
		StdinTTY:  isTerminal(0),
		StdoutTTY: isTerminal(1),
		StderrTTY: isTerminal(2),
		NoColor:   getenv("NO_COLOR") != "" || getenv("TERM") == "dumb",

		StepSummary: getenv("GITHUB_STEP_SUMMARY"),
		Outputs:     getenv("GITHUB_OUTPUT"),
		RunnerTemp:  getenv("RUNNER_TEMP"),
		Workspace:   getenv("GITHUB_WORKSPACE"),
	}
}

// Process is the Env of this process: its environment and its standard streams.
func Process() Env {
	return Detect(os.Getenv, func(fd int) bool {
		f := [...]*os.File{os.Stdin, os.Stdout, os.Stderr}[fd]
		return term.IsTerminal(int(f.Fd()))
	})
}

// Progress: a progress line may be drawn on stderr (a terminal, outside CI).
func (e Env) Progress() bool { return e.StderrTTY && !e.CI }

// Color: stdout is a terminal that takes colour, outside CI.
func (e Env) Color() bool { return e.StdoutTTY && !e.CI && !e.NoColor }

// Prompt: a person can answer a question (stdin and stderr are terminals, outside CI).
func (e Env) Prompt() bool { return e.StdinTTY && e.Progress() }
