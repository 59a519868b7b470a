package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/atender/atender/internal/redact/redacttest"
)

// Built here by concatenation: no fixture holds a key.
var (
	testKey    = "sa_" + "test_" + "Q7vR2mXk9LpW4tZs8NbY3cHd6Fj"
	testSecret = testKey[len("sa_test_"):]
	testMask   = "sa_test_Q7…Fj"
)

func newTest() *Redactor {
	r := &Redactor{}
	r.Add(testKey, testMask)
	return r
}

// leaks returns what of the secret a reader can recover from out.
func leaks(out string) []string { return redacttest.Leaks(out, testSecret) }

func percentAll(s string, format string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

// The forms a server or a library turns a key into: none of them leaves GramLen characters of the secret
// readable, and the text around it stays.
func TestEveryEchoedFormIsMasked(t *testing.T) {
	r := newTest()
	k := testKey
	b64 := func(enc *base64.Encoding, pre string) string { return enc.EncodeToString([]byte(pre + k + ":x")) }
	forms := map[string]string{
		"verbatim":           k,
		"upper":              strings.ToUpper(k),
		"mixed case":         strings.ToUpper(k[:15]) + strings.ToLower(k[15:]),
		"query-escaped":      url.QueryEscape(k),
		"percent lower":      percentAll(k, "%%%02x"),
		"percent upper":      percentAll(k, "%%%02X"),
		"percent upper-case": strings.ToUpper(percentAll(k, "%%%02x")),
		"json":               strings.ReplaceAll(k, "_", `\u005f`),
		"json all":           percentAll(k, `\u%04x`),
		"json upper-cased":   strings.ToUpper(percentAll(k, `\u%04x`)),
		"c hex escapes":      percentAll(k, `\x%02x`),
		"html decimal":       percentAll(k, "&#%d;"),
		"html hex":           percentAll(k, "&#x%x;"),
		"html hex upper":     percentAll(k, "&#X%X;"),
		"html named":         strings.ReplaceAll(k, "_", "&lowbar;"),
		"html named upper":   strings.ToUpper(strings.ReplaceAll(k, "_", "&UnderBar;")),
		"html escaped":       html.EscapeString(k),
		"cut short":          k[:len(k)-3],
		"cut to 12":          testSecret[4:16],
		"secret only":        testSecret,
		"split by a space":   k[:16] + " " + k[16:],
		"split twice":        k[:13] + " " + k[13:24] + "\n" + k[24:],
		"split by newline":   k[:20] + "\n" + k[20:],
		"split by crlf":      k[:20] + "\r\n  " + k[20:],
		"split json newline": k[:20] + `\n` + k[20:],
		"split percent":      k[:20] + "%0A" + k[20:],
		"base64 std 0":       b64(base64.StdEncoding, ""),
		"base64 std 1":       b64(base64.StdEncoding, "u"),
		"base64 std 2":       b64(base64.StdEncoding, "us"),
		"base64 raw 1":       b64(base64.RawStdEncoding, "u"),
		"base64 url 0":       b64(base64.URLEncoding, ""),
		"base64 url 1":       b64(base64.RawURLEncoding, "u:"),
		"base64 url 2":       b64(base64.URLEncoding, "us"),
		"base64 upper key":   base64.StdEncoding.EncodeToString([]byte(strings.ToUpper(k))),
		"base64 cut short":   base64.StdEncoding.EncodeToString([]byte("token " + k[:len(k)-3])),
		"hex lower":          hex.EncodeToString([]byte(k)),
		"hex upper":          strings.ToUpper(hex.EncodeToString([]byte(k))),
		"hex odd offset":     "0" + hex.EncodeToString([]byte("x"+k)),
		"hex cut short":      hex.EncodeToString([]byte(testSecret[:14])),
	}
	for name, form := range forms {
		text := "Atender said: invalid key " + form + " (see docs)\n"
		got := r.Redact(text)
		if l := leaks(got); len(l) > 0 {
			t.Errorf("%s: %q leaks %v", name, got, l)
		}
		if !strings.HasPrefix(got, "Atender said: invalid key ") || !strings.HasSuffix(got, " (see docs)\n") || !strings.Contains(got, testMask) {
			t.Errorf("%s: the text around the key changed or no mask: %q", name, got)
		}
		if !r.Contains(text) {
			t.Errorf("%s: Contains says no", name)
		}
		if l := leaks(text); len(l) == 0 {
			t.Errorf("%s: the checker finds nothing in the unmasked text; the test would be empty", name)
		}
	}
	// The whole key, prefix included, becomes the mask.
	if got := r.Redact("key=" + k + ";"); got != "key="+testMask+";" {
		t.Errorf("verbatim: %q", got)
	}
	if got := r.Redact("key=" + strings.ToUpper(url.QueryEscape(k))); got != "key="+testMask {
		t.Errorf("upper percent: %q", got)
	}
}

// Ordinary text is left alone: other keys with the same prefix, a few characters of this one, the mask,
// escapes on their own, base64 and hex of other things.
func TestOtherTextIsLeftAlone(t *testing.T) {
	r := newTest()
	texts := []string{
		"sa_test_" + testSecret[:11] + " is not the key; SA_TEST_ either; %5F and \\u005f alone neither",
		"sa_test_" + strings.Repeat("x", 27) + " and sa_live_" + testSecret[:6] + "AAAAAAAAAAAAAAAAAAAA",
		"masked: " + testMask + " " + testMask,
		"+ create  billing/refunds  Refunds (billing/refunds.md)\n",
		base64.StdEncoding.EncodeToString([]byte("a long enough text that is not any key at all")),
		hex.EncodeToString([]byte("a long enough text that is not any key at all")),
		"&lowbar;&#95;&#x5f;\\x5f %2F http://host:8080/path?q=a:b@c",
		"https://user@example.test/x mailto:a:b@c",
	}
	for _, s := range texts {
		if got := r.Redact(s); got != s {
			t.Errorf("changed:\n %q\n→%q", s, got)
		}
		if r.Contains(s) {
			t.Errorf("Contains(%q)", s)
		}
	}
}

func TestURLPasswordsAreMasked(t *testing.T) {
	var r Redactor // no secret registered: URL passwords are masked all the same
	cases := map[string]string{
		"GET https://bob:hunter2@kb.example.test/api/v1/kb failed":    "GET https://bob:xxxxx@kb.example.test/api/v1/kb failed",
		"base http://:p%40ss@127.0.0.1:8080/x":                        "base http://:xxxxx@127.0.0.1:8080/x",
		`{"baseUrl":"HTTP://u:s3cr3t@h/x"}`:                           `{"baseUrl":"HTTP://u:xxxxx@h/x"}`,
		"two: ftp://a:b@c/ and https://d:e@f?x":                       "two: ftp://a:xxxxx@c/ and https://d:xxxxx@f?x",
		"at signs in it: https://u:pa@ss@host/":                       "at signs in it: https://u:xxxxx@host/",
		"no password: https://u@host/ https://host:443/ host:1@x/ ok": "no password: https://u@host/ https://host:443/ host:1@x/ ok",
	}
	for in, want := range cases {
		if got := r.Redact(in); got != want {
			t.Errorf("Redact(%q)\n = %q\nwant %q", in, got, want)
		}
	}
	var nilR *Redactor
	if got := nilR.Redact("https://a:b@c/"); got != "https://a:b@c/" {
		t.Errorf("a nil Redactor masks nothing: %q", got)
	}
}

// A write split anywhere, across two Write calls or one byte at a time, is masked as if written at once.
func TestWriterMasksAcrossWrites(t *testing.T) {
	r := newTest()
	texts := []string{
		"error: invalid key " + testKey + " (see docs)\n",
		`{"error":"` + url.QueryEscape(strings.ToUpper(testKey)) + `"}`,
		"Basic " + base64.StdEncoding.EncodeToString([]byte("u:"+testKey)) + "\n",
		"see https://bob:hunter2@kb.example.test/x now",
		"token " + testKey[:len(testKey)-3],
	}
	for _, text := range texts {
		want := r.Redact(text)
		for cut := 0; cut <= len(text); cut++ {
			var buf bytes.Buffer
			w := r.Wrap(&buf)
			w.Write([]byte(text[:cut]))
			w.Write([]byte(text[cut:]))
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != want {
				t.Fatalf("split at %d:\n got %q\nwant %q", cut, buf.String(), want)
			}
		}
		var buf bytes.Buffer
		w := r.Wrap(&buf)
		for i := 0; i < len(text); i++ {
			w.Write([]byte{text[i]})
		}
		Flush(w)
		if buf.String() != want {
			t.Errorf("byte by byte:\n got %q\nwant %q", buf.String(), want)
		}
	}
}

// What ends in a space or a line break goes out at once (a progress line, a prompt); an unfinished word
// waits for the next write.
func TestWriterPassesFinishedLinesAtOnce(t *testing.T) {
	r := newTest()
	var buf bytes.Buffer
	w := r.Wrap(&buf)
	w.Write([]byte("\r[====    ] 4/8  ETA 3s "))
	if buf.String() != "\r[====    ] 4/8  ETA 3s " {
		t.Fatalf("a progress line was kept back: %q", buf.String())
	}
	w.Write([]byte("done\nkey " + testKey[:20]))
	if buf.String() != "\r[====    ] 4/8  ETA 3s done\nkey " {
		t.Fatalf("got %q", buf.String())
	}
	w.Write([]byte(testKey[20:] + "\n"))
	if want := "\r[====    ] 4/8  ETA 3s done\nkey " + testMask + "\n"; buf.String() != want {
		t.Fatalf("got %q, want %q", buf.String(), want)
	}
}

// A key split into pieces shorter than a run, each in its own write after a space, leaks no run either.
func TestWriterSplitByWhitespaceAcrossWrites(t *testing.T) {
	r := newTest()
	var buf bytes.Buffer
	w := r.Wrap(&buf)
	for _, piece := range []string{"sa_test_" + testSecret[:10] + " ", testSecret[10:20] + "\n", testSecret[20:]} {
		w.Write([]byte(piece))
	}
	w.Flush()
	if l := leaks(buf.String()); len(l) > 0 {
		t.Errorf("%q leaks %v", buf.String(), l)
	}
}

// A long text is read in overlapping windows: a key at a window's edge is masked too.
func TestLongTextsAreMaskedAtWindowEdges(t *testing.T) {
	r := newTest()
	for _, at := range []int{window - 10, window - overlap + 3, 2*(window-overlap) - 5} {
		text := strings.Repeat("x ", at/2) + base64.StdEncoding.EncodeToString([]byte(testKey)) + " " + testKey + strings.Repeat(" y", 1000)
		got := r.Redact(text)
		if l := leaks(got[at-100 : at+300]); len(l) > 0 || strings.Count(got, testMask) < 2 {
			t.Errorf("key at %d: leaks %v", at, l)
		}
	}
}

func BenchmarkRedactPlanLine(b *testing.B) {
	r := newTest()
	line := strings.Repeat("+ create  billing/refunds  Refunds (billing/refunds.md)\n", 20)
	b.SetBytes(int64(len(line)))
	for i := 0; i < b.N; i++ {
		r.Redact(line)
	}
}

func BenchmarkRedactJSON(b *testing.B) {
	r := newTest()
	var sb strings.Builder
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&sb, `{"path":"guides/section-%d/getting-started-with-the-api.md","slug":"getting-started-with-the-api-%d","action":"unchanged","id":"art_01HZX%08dQ"},`+"\n", i, i, i)
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		r.Redact(text)
	}
}

// The quick look before the decoding search agrees with it: it passes every text in which the search finds
// a run of the secret, however escaped, and rules out the others, also when they hold entities and escapes
// (as every HTML page does), so that such a text is not decoded into a copy for nothing.
func TestQuickLookAgreesWithTheSearch(t *testing.T) {
	sec := newTest().secrets[0]
	k := testKey
	texts := []string{
		k,
		percentAll(k, "&#%d;"),
		strings.ReplaceAll(k, "_", `\u005f`),
		`<p class="x">It&#39;s here: ` + percentAll(testSecret[3:17], "%%%02X") + `</p>`,
		strings.Join(strings.Split(k, ""), "&#10;"),
		"sa_test_" + testSecret[:6] + `\n` + testSecret[6:14],
		`<p class="x">It&#39;s &amp; &lt;nothing&gt; %2F \u005f</p>`,
		"sa_test_" + testSecret[:11] + "&#32;" + strings.Repeat("x", 20),
		"",
	}
	for _, s := range texts {
		want := len(sec.findPlain(s, 0, nil)) > 0
		if got := sec.mayHold(s); got != want {
			t.Errorf("mayHold(%q) = %v, the search finds a run: %v", s, got, want)
		}
	}
}
