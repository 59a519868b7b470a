package cmdutil

import (
	"bytes"
	"time"

	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/runenv"
)

// NewForTest returns a factory with buffered streams, the given environment and working directory, and a
// redactor that wraps nothing (so tests see exactly what the code prints). Tests in several packages use it
// to run commands in-process. Its Env is read from env alone (GITHUB_ACTIONS, CI …), never from the test
// process's, and no stream is a terminal; a test may set f.Env itself.
func NewForTest(env map[string]string, workDir string) (f *Factory, stdout, stderr *bytes.Buffer) {
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	r := &Redactor{}
	ann := report.NewAnnotationCounter(stdout)
	getenv := func(k string) string { return env[k] }
	f = &Factory{IO: &IOStreams{Out: ann, ErrOut: stderr, Annotations: ann, Redactor: r}, Getenv: getenv, Env: runenv.Detect(getenv, noTerminal),
		WorkDir: workDir, Redactor: r, Now: time.Now, Interrupts: &Interrupts{},
		Environ: func() []string {
			var kv []string
			for k, v := range env {
				kv = append(kv, k+"="+v)
			}
			return kv
		}}
	return f, stdout, stderr
}

func noTerminal(int) bool { return false }
