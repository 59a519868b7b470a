package escape

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTerminal(t *testing.T) {
	for in, want := range map[string]string{
		"plain slug":                    "plain slug",
		"tab\tok, ünïcode, 日本":          "tab\tok, ünïcode, 日本",
		"id\n::error file=README.md::x": `id\n::error file=README.md::x`,
		"\x1b[31mred\x1b[0m":            `\x1b[31mred\x1b[0m`,
		"cr\rover":                      `cr\rover`,
		"bell\a del\x7f c1\u009b":       `bell\x07 del\x7f c1\x9b`,
		"bidi \u202egnp.exe":            `bidi \u202egnp.exe`,
	} {
		if got := Terminal(in); got != want {
			t.Errorf("Terminal(%q) = %q, want %q", in, got, want)
		}
	}
}

// Bidi embeddings, overrides and isolates, and zero-width characters, are shown as escapes on a terminal
// and in a log.
func TestTerminalShowsInvisibleCharacters(t *testing.T) {
	for _, r := range []rune{'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069',
		'\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u061c', '\u2060', '\u2064', '\ufeff', '\u2028', '\u2029'} {
		got := Terminal("a" + string(r) + "b")
		if strings.ContainsRune(got, r) || !strings.Contains(got, `\u`) {
			t.Errorf("Terminal(%U) = %q", r, got)
		}
	}
	if got := Terminal("héllo, 世界\t"); got != "héllo, 世界\t" {
		t.Errorf("printable text changed: %q", got)
	}
}

// No line of a text can start a workflow command, even after leading blanks; the text's own lines stay.
func TestLineAndLines(t *testing.T) {
	if got := Line("  ::error::forged"); strings.HasPrefix(strings.TrimSpace(got), "::") {
		t.Errorf("Line kept a workflow command: %q", got)
	}
	got := Lines("first\n::warning::forged\n\t::set-output name=x::y\x1b[2J")
	lines := strings.Split(got, "\n")
	if len(lines) != 3 || lines[0] != "first" {
		t.Fatalf("Lines changed the lines: %q", got)
	}
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "::") || strings.Contains(l, "\x1b") {
			t.Errorf("Lines let through %q", l)
		}
	}
}

// A message cannot end a workflow command early nor start another; a property value cannot end the value
// or the property list.
func TestWorkflowCommandParts(t *testing.T) {
	if got := WorkflowData("50% done\r\n::error file=x::forged\u202e"); got != `50%25 done%0D%0A::error file=x::forged\u202e` {
		t.Errorf("WorkflowData = %q", got)
	}
	if got := WorkflowProperty("a,line=9::b\nc%"); got != "a%2Cline=9%3A%3Ab%0Ac%25" {
		t.Errorf("WorkflowProperty = %q", got)
	}
}

func TestMarkdownURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://kb.example/a":                "https://kb.example/a",
		"https://kb.example/a) [x](https://e": "https://kb.example/a%29%20%5Bx%5D%28https://e",
		`https://kb.example/"t"`:              "https://kb.example/%22t%22",
		"javascript:alert(1)":                 "",
		"/relative":                           "",
		"http://":                             "",
	} {
		if got := MarkdownURL(in); got != want {
			t.Errorf("MarkdownURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownCodeFenceOutlastsTheText(t *testing.T) {
	for in, want := range map[string]string{
		"req-1":     "`req-1`",
		"a`b":       "``a`b``",
		"`x``":      "``` `x`` ```",
		"":          "` `",
		"a|b\nc":    "`a\\|b c`",
		"\u202eabc": "`\\u202eabc`",
	} {
		if got := MarkdownCode(in); got != want {
			t.Errorf("MarkdownCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// A JSON document shows its bidi and invisible characters as escapes, and decodes to the same strings.
func TestJSONEscapesWhatATerminalWouldObey(t *testing.T) {
	in := map[string]string{"message": "unknown field `evil\u202egnp.exe` \u0085\u007f\u200b é 世界\n"}
	raw, _ := json.MarshalIndent(in, "", "  ")
	got := JSON(raw)
	if HasHidden(strings.ReplaceAll(string(got), "\n", "")) {
		t.Errorf("JSON left a hidden character: %q", got)
	}
	if !strings.Contains(string(got), `evil\u202egnp.exe`) || !strings.Contains(string(got), "é 世界") {
		t.Errorf("JSON = %s", got)
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil || back["message"] != in["message"] {
		t.Errorf("decodes to %q (%v), want %q", back["message"], err, in["message"])
	}
	if plain := []byte(`{"a": "b"}`); &JSON(plain)[0] != &plain[0] {
		t.Error("a document with nothing to escape is copied")
	}
}
