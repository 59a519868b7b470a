package runenv

import "testing"

func TestDetect(t *testing.T) {
	tty := func(fd int) bool { return true }
	none := func(fd int) bool { return false }
	for _, c := range []struct {
		name                    string
		env                     map[string]string
		isTerminal              func(int) bool
		actions, ci             bool
		progress, color, prompt bool
	}{
		{"a terminal", map[string]string{}, tty, false, false, true, true, true},
		{"NO_COLOR", map[string]string{"NO_COLOR": "1"}, tty, false, false, true, false, true},
		{"TERM=dumb", map[string]string{"TERM": "dumb"}, tty, false, false, true, false, true},
		{"CI on a terminal", map[string]string{"CI": "1"}, tty, false, true, false, false, false},
		{"Actions", map[string]string{"GITHUB_ACTIONS": "true"}, tty, true, true, false, false, false},
		{"GITHUB_ACTIONS not true", map[string]string{"GITHUB_ACTIONS": "1"}, none, false, false, false, false, false},
		{"a pipe", map[string]string{}, none, false, false, false, false, false},
	} {
		e := Detect(func(k string) string { return c.env[k] }, c.isTerminal)
		got := []bool{e.Actions, e.CI, e.Progress(), e.Color(), e.Prompt()}
		want := []bool{c.actions, c.ci, c.progress, c.color, c.prompt}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: [actions ci progress color prompt] = %v, want %v", c.name, got, want)
				break
			}
		}
	}
	if e := Detect(func(string) string { return "" }, func(fd int) bool { return fd == 1 }); e.StdinTTY || !e.StdoutTTY || e.StderrTTY || e.Progress() || !e.Color() {
		t.Errorf("only stdout a terminal: %+v", e)
	}
}

// The runner's file paths are read once with the rest, whether or not Actions is set.
func TestDetectReadsTheRunnerPaths(t *testing.T) {
	env := map[string]string{"GITHUB_STEP_SUMMARY": "/r/summary.md", "GITHUB_OUTPUT": "/r/output", "RUNNER_TEMP": "/r/tmp", "GITHUB_WORKSPACE": "/w"}
	e := Detect(func(k string) string { return env[k] }, func(int) bool { return false })
	if e.StepSummary != "/r/summary.md" || e.Outputs != "/r/output" || e.RunnerTemp != "/r/tmp" || e.Workspace != "/w" || e.Actions {
		t.Fatalf("%+v", e)
	}
	if e := Detect(func(string) string { return "" }, func(int) bool { return false }); e != (Env{}) {
		t.Fatalf("an empty environment: %+v, want the zero Env", e)
	}
}
