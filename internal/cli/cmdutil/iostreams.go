package cmdutil

import (
	"fmt"
	"io"
	"os"

	"github.com/atender/atender/internal/atomicfile"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/redact"
	"github.com/atender/atender/internal/report"
	"github.com/atender/atender/internal/runenv"
)

// IOStreams: stdout for data, stderr for people. Colour and progress only when stderr is a terminal and
// not in CI (see runenv.Env).
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	// ErrTTY: stderr is a terminal outside CI (a progress line may be drawn).
	ErrTTY bool
	// Prompt: a person can answer a question on In (stdin and stderr are terminals, outside CI).
	Prompt bool
	// OutColor: stdout is a terminal that takes colour (the plan is printed there).
	OutColor bool

	// Annotations counts the error and warning annotations written on Out (the job summary says when GitHub
	// shows only some of them); nil when Out is not counted.
	Annotations *report.AnnotationCounter

	// Redactor masks registered secrets in every file this process writes for people or machines (job
	// summary, step outputs, the result JSON), as the wrapped Out and ErrOut do on the streams.
	Redactor *Redactor
}

// WriteFile writes a report file (the result JSON, the summary's Markdown), redacted, and with every API key
// in it masked, whoever's (one written in an article in Atender is text from the server): these files are
// posted and uploaded. It never writes through a symbolic link or into an existing file: the text goes to
// a new temporary file beside path that is renamed over it, so a link planted at path is replaced, not
// followed.
func (s *IOStreams) WriteFile(path, text string) error {
	return atomicfile.Write(path, []byte(facts.MaskKeys(s.Redactor.Redact(text))), 0o644)
}

// AppendFile appends to a report file ($GITHUB_STEP_SUMMARY, $GITHUB_OUTPUT), redacted and with every API
// key masked, as WriteFile.
func (s *IOStreams) AppendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(facts.MaskKeys(s.Redactor.Redact(text))); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// System returns the process's streams, wrapped so that no registered secret can be written out; env says
// which of them are terminals that take a progress line, colour or a question.
func System(env runenv.Env, r *Redactor) *IOStreams {
	ann := report.NewAnnotationCounter(os.Stdout)
	return &IOStreams{
		In:          os.Stdin,
		Out:         r.Wrap(ann),
		Annotations: ann,
		ErrOut:      r.Wrap(os.Stderr),
		ErrTTY:      env.Progress(),
		Prompt:      env.Prompt(),
		OutColor:    env.Color(),
		Redactor:    r,
	}
}

// Flush writes out what the redacting streams keep back (an unfinished last word): at the end of a command.
func (s *IOStreams) Flush() {
	redact.Flush(s.Out)
	redact.Flush(s.ErrOut)
}

// Warnf prints a warning for people on stderr.
func (s *IOStreams) Warnf(format string, args ...any) {
	fmt.Fprintf(s.ErrOut, "warning: "+format+"\n", args...)
}
