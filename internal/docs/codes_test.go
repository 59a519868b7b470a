package docs

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's codes table")

// The README's table of diagnostic codes is generated from Codes, so the two cannot drift apart.
func TestREADMECodes(t *testing.T) {
	const readme = "../../README.md"
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	start := strings.Index(s, "<!-- codes table:")
	end := strings.Index(s, "<!-- end of codes table -->")
	if start < 0 || end < start {
		t.Fatal("README.md has no codes table markers")
	}
	start += strings.Index(s[start:], "\n") + 1
	if s[start:end] == CodeTable() {
		return
	}
	if !*update {
		t.Fatalf("README.md's codes table is out of date: go test ./internal/docs -run TestREADMECodes -update")
	}
	if err := os.WriteFile(readme, []byte(s[:start]+CodeTable()+s[end:]), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Every code a diagnostic can carry is in Codes (and so in the README), and every code in Codes is written
// somewhere in the loader.
func TestEveryCodeIsKnownAndUsed(t *testing.T) {
	src := ""
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src += string(b)
	}
	for code := range Codes {
		if code == "broken-image" || code == "broken-link" {
			continue // brokenCode
		}
		if !strings.Contains(src, `f("`+code+`"`) && !strings.Contains(src, `code = "`+code+`"`) && !strings.Contains(src, `code := "`+code+`"`) && !strings.Contains(src, `Of("`+code+`"`) {
			t.Errorf("code %q is never written", code)
		}
	}
}
