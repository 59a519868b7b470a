package cmdutil

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
)

// Redactor replaces registered secrets in everything written through its writers. It is the last line of
// defence: code never prints a key on purpose, and this makes sure an error message quoting a request or a
// header cannot either. A secret is found in the forms a server or a library may echo it in: with its
// letters in any case, with characters percent-encoded (%5F, %5f) or JSON-escaped (\u005f), in any mix.
type Redactor struct {
	mu      sync.RWMutex
	secrets []secret
}

type secret struct {
	re    *regexp.Regexp
	lower string // the value in lower case: without % or \ in a text, only a case-folded copy can be in it
	mask  string
}

// Add registers a secret and what to show instead.
func (r *Redactor) Add(value, mask string) {
	if len(value) < 6 {
		return
	}
	re := regexp.MustCompile(echoPattern(value))
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, s := range r.secrets {
		if s.re.String() == re.String() {
			r.secrets[i].mask = mask
			return
		}
	}
	r.secrets = append(r.secrets, secret{re: re, lower: strings.ToLower(value), mask: mask})
}

// echoPattern matches value case-insensitively, each byte also percent-encoded or as a JSON \u escape.
func echoPattern(value string) string {
	var b strings.Builder
	b.WriteString("(?i)")
	for i := 0; i < len(value); i++ {
		c := value[i]
		fmt.Fprintf(&b, `(?:%s|%%%02x|\\u00%02x)`, regexp.QuoteMeta(string(c)), c, c)
	}
	return b.String()
}

// Redact returns s with every registered secret masked. A nil Redactor masks nothing.
func (r *Redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.secrets) == 0 {
		return s
	}
	escaped := strings.ContainsAny(s, "%\\")
	lower := ""
	if !escaped {
		lower = strings.ToLower(s)
	}
	for _, sec := range r.secrets {
		if escaped || strings.Contains(lower, sec.lower) {
			s = sec.re.ReplaceAllLiteralString(s, sec.mask)
		}
	}
	return s
}

// Wrap returns a writer that redacts what it passes to w.
func (r *Redactor) Wrap(w io.Writer) io.Writer { return &redactWriter{r: r, w: w} }

type redactWriter struct {
	r *Redactor
	w io.Writer
}

func (rw *redactWriter) Write(p []byte) (int, error) {
	rw.r.mu.RLock()
	n := len(rw.r.secrets)
	rw.r.mu.RUnlock()
	if n == 0 {
		return rw.w.Write(p)
	}
	red := rw.r.Redact(string(p))
	if _, err := io.Copy(rw.w, bytes.NewBufferString(red)); err != nil {
		return 0, err
	}
	return len(p), nil
}
