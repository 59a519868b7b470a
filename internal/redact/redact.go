// Package redact masks secrets (the API key) in text the program writes: the last line of defence on every
// sink. Code never prints a key on purpose; a Redactor makes sure that an error message, a header or an
// article quoting one cannot either, in the forms a server or a library turns a key into:
//
//   - its letters in any case;
//   - characters percent-encoded (%5F), JSON- or C-escaped (\u005f, \x5f) or HTML entities (&lowbar;,
//     &#95;, &#x5f;), in any mix;
//   - split by whitespace (a space or a line break, also escaped: \n, %0A, &#10;);
//   - cut short: any run of GramLen or more consecutive characters of its secret part (what follows the
//     sa_live_/sa_test_ prefix) is masked, so a key minus its last characters is still a key;
//   - base64 (standard or URL alphabet, at any of the three byte alignments) and hex (either case) of the
//     key or of such a run.
//
// The password of a URL (scheme://user:password@host) is masked too, whatever it is.
package redact

import (
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/atender/atender/internal/facts"
)

// GramLen is the shortest run of a secret's characters that is masked: shorter runs are too common to mean
// anything (and show too little to use); any longer run shows too much of a key.
const GramLen = 12

// URLPasswordMask replaces the password of a URL, as net/url's URL.Redacted does.
const URLPasswordMask = "xxxxx"

// Redactor masks registered secrets and URL passwords. The zero value is ready (it masks URL passwords
// only); a nil Redactor masks nothing. It is safe for concurrent use.
type Redactor struct {
	mu      sync.RWMutex
	secrets []*secret
}

// Add registers a secret and what to show instead of it. Values shorter than 6 bytes are ignored (they
// would mask ordinary words).
func (r *Redactor) Add(value, mask string) {
	if len(value) < 6 {
		return
	}
	sec := newSecret(value, mask)
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.secrets {
		if s.lower == sec.lower {
			s.mask = mask
			return
		}
	}
	r.secrets = append(r.secrets, sec)
}

// ForKey returns a Redactor that masks key (facts.MaskKey shows instead), made once per key.
func ForKey(key string) *Redactor {
	if v, ok := forKey.Load(key); ok {
		return v.(*Redactor)
	}
	r := &Redactor{}
	r.Add(key, facts.MaskKey(key))
	v, _ := forKey.LoadOrStore(key, r)
	return v.(*Redactor)
}

var forKey sync.Map

// Redact returns s with every registered secret, in any of the forms above, and every URL password masked.
func (r *Redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	return apply(s, r.spans(s))
}

// RedactSecrets is Redact without the URL passwords: for text that is kept (a pulled article may show
// https://user:password@host as an example), where only the registered secrets must not stay.
func (r *Redactor) RedactSecrets(s string) string {
	if r == nil {
		return s
	}
	var sp []span
	r.mu.RLock()
	for _, sec := range r.secrets {
		sp = sec.find(s, sp)
	}
	r.mu.RUnlock()
	return apply(s, merge(sp))
}

// HasSecrets reports whether any secret is registered (URL passwords aside): when none is, Contains is
// false for every text, and a caller need not make one to ask.
func (r *Redactor) HasSecrets() bool {
	if r == nil {
		return false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.secrets) > 0
}

// Contains reports whether s holds a registered secret in any of the forms above.
func (r *Redactor) Contains(s string) bool {
	if r == nil {
		return false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, sec := range r.secrets {
		if len(sec.find(s, nil)) > 0 {
			return true
		}
	}
	return false
}

// span is a part of a text to replace by mask.
type span struct {
	start, end int
	mask       string
}

// spans lists what to mask in s, sorted and without overlaps.
func (r *Redactor) spans(s string) []span {
	if r == nil {
		return nil
	}
	var out []span
	if strings.Contains(s, "://") {
		for _, m := range urlPassword.FindAllStringSubmatchIndex(s, -1) {
			out = append(out, span{m[2], m[3], URLPasswordMask})
		}
	}
	r.mu.RLock()
	for _, sec := range r.secrets {
		out = sec.find(s, out)
	}
	r.mu.RUnlock()
	return merge(out)
}

// urlPassword matches the userinfo of a URL that holds a password; group 1 is the password.
var urlPassword = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s/?#@:]*:([^\s/?#]+)@`)

// merge sorts spans and joins those that overlap or touch (the first one's mask stays).
func merge(sp []span) []span {
	if len(sp) < 2 {
		return sp
	}
	sort.Slice(sp, func(i, j int) bool { return sp[i].start < sp[j].start })
	out := sp[:1]
	for _, s := range sp[1:] {
		last := &out[len(out)-1]
		if s.start <= last.end {
			last.end = max(last.end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

func apply(s string, sp []span) string {
	if len(sp) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	at := 0
	for _, x := range sp {
		b.WriteString(s[at:x.start])
		b.WriteString(x.mask)
		at = x.end
	}
	b.WriteString(s[at:])
	return b.String()
}

// Wrap returns a writer that redacts what it passes to w. A write that ends inside a word (a key may go on
// in the next write) keeps that word back until more text or Flush comes, and so does one that ends in a
// piece of a secret followed by whitespace (the rest may come after a line break); other text up to a
// space or a line break goes out at once.
func (r *Redactor) Wrap(w io.Writer) *Writer { return &Writer{r: r, w: w} }

// Writer is the redacting writer of Wrap.
type Writer struct {
	r    *Redactor
	w    io.Writer
	mu   sync.Mutex
	held []byte
}

// maxHeld bounds what a Writer keeps back of one word: a key fully written as HTML entities fits many
// times over.
const maxHeld = 4096

// Write redacts p (with what was kept back) and passes all of it but an unfinished last word on.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	buf := append(w.held, p...)
	cut := len(buf)
	for cut > 0 && !isSpace(buf[cut-1]) && len(buf)-cut < maxHeld {
		cut--
	}
	text := string(buf)
	if w.r != nil {
		w.r.mu.RLock()
		for _, sec := range w.r.secrets {
			cut = min(cut, sec.openTail(text))
		}
		w.r.mu.RUnlock()
	}
	sp := w.r.spans(text)
	for _, x := range sp {
		if x.start < cut && x.end > cut {
			cut = x.start // a masked run reaching into the kept word may go on
		}
	}
	done := sp[:0:0]
	for _, x := range sp {
		if x.end <= cut {
			done = append(done, x)
		}
	}
	w.held = append(w.held[:0:0], buf[cut:]...)
	if cut == 0 {
		return len(p), nil
	}
	if _, err := io.WriteString(w.w, apply(text[:cut], done)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush redacts and writes what was kept back.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.held) == 0 {
		return nil
	}
	text := string(w.held)
	w.held = nil
	_, err := io.WriteString(w.w, w.r.Redact(text))
	return err
}

// Flush flushes w if it keeps text back (a Writer of Wrap).
func Flush(w io.Writer) error {
	if f, ok := w.(interface{ Flush() error }); ok {
		return f.Flush()
	}
	return nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
