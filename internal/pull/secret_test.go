package pull

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/redact"
	"github.com/atender/atender/internal/redact/redacttest"
)

// An article that quotes the user's own key (whole, upper-cased, escaped, cut short) is written with the
// key masked, and a warning names the article and its file; other files and other text are untouched.
func TestWriteMasksTheKeyAndNamesTheArticle(t *testing.T) {
	key := "sa_" + "test_" + "Hq3Zp8Lw2Kx7Vn4Rt6Ym9Cb5Df1"
	secrets := &redact.Redactor{}
	secrets.Add(key, "sa_test_Hq…f1")
	dir := t.TempDir()
	leaky := "---\ntitle: Setup " + strings.ToUpper(key) + "\nslug: setup\n---\n\nexport ATENDER_API_KEY=" + key +
		"\n\ncurl -H 'x: " + url.QueryEscape(key) + "' postgres://app:example@db/x\n\nor " + key[:len(key)-3] + "\n"
	files := []File{
		{Path: "guides/setup.md", Content: []byte(leaky), Slug: "setup"},
		{Path: "guides/other.md", Content: []byte("# Other\n\nsa_test_example and postgres://u:p@h/d\n"), Slug: "other"},
		{Path: "guides/_category.yml", Content: []byte("title: Guides\ndescription: key " + key + "\n")},
	}
	res, err := Write(dir, files, WriteOptions{Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f.Path))
		if err != nil {
			t.Fatal(err)
		}
		if l := redacttest.Leaks(string(b), key[len("sa_test_"):]); len(l) > 0 {
			t.Errorf("%s holds the key: %v", f.Path, l)
		}
		if f.Slug == "other" && string(b) != string(f.Content) {
			t.Errorf("a file without the key changed:\n%s", b)
		}
		if f.Slug == "setup" && (!strings.Contains(string(b), "export ATENDER_API_KEY=sa_test_Hq…f1\n") || !strings.Contains(string(b), "postgres://app:example@db/x")) {
			t.Errorf("the masked article lost its other text:\n%s", b)
		}
	}
	if len(res.Masked) != 2 || len(res.Warnings) != 2 {
		t.Fatalf("masked %v, warnings %q", res.Masked, res.Warnings)
	}
	if w := res.Warnings[0]; !strings.Contains(w, "the article setup (") || !strings.Contains(w, filepath.Join(dir, "guides", "setup.md")) || !strings.Contains(w, "masked") {
		t.Errorf("the warning does not name the article and its file: %q", w)
	}
	if w := res.Warnings[1]; !strings.Contains(w, "the category file "+filepath.Join(dir, "guides", "_category.yml")) {
		t.Errorf("the warning does not name the category file: %q", w)
	}
	for _, w := range res.Warnings {
		if strings.Contains(w, key[len("sa_test_"):][:12]) {
			t.Errorf("the warning shows the key: %q", w)
		}
	}
}
