package cmdutil

import (
	"bytes"
	"time"
)

// NewForTest returns a factory with buffered streams, the given environment and working directory, and a
// redactor that wraps nothing (so tests see exactly what the code prints). Tests in several packages use it
// to run commands in-process.
func NewForTest(env map[string]string, workDir string) (f *Factory, stdout, stderr *bytes.Buffer) {
	stdout, stderr = &bytes.Buffer{}, &bytes.Buffer{}
	r := &Redactor{}
	f = &Factory{IO: &IOStreams{Out: stdout, ErrOut: stderr, Redactor: r}, Getenv: func(k string) string { return env[k] },
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
