//go:build !race

// The whole-corpus syncs do not run under the race detector: it makes their conversion code (regexp,
// goldmark, one goroutine per page) ten times slower (Biome: 32 CPU seconds instead of 3) and finds nothing
// there that the package's smaller sync tests do not exercise under -race. `go test ./...` runs them, and
// `make test` runs them after the race-enabled suite.

package kbcmd

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/report"
)

// Docs trees of five generators nobody here wrote (../shared/corpora, read-only), each set up with a config
// file of at most four lines (testdata/corpora/<name>.atender.yaml: preset, path, and defaults.category or
// assets.baseUrl); no file of the corpus is edited. One test per tree, so that each stays fast, and the
// trees run in parallel.

func TestCorpusVictoryDocusaurus(t *testing.T) { syncWithAPreset(t, "victory", "victory-docs") }   // all .mdx, _category_.json
func TestCorpusPnpmDocusaurus(t *testing.T)    { syncWithAPreset(t, "pnpm", "pnpm-docs") }         // .md and .mdx, partials
func TestCorpusBiomeStarlight(t *testing.T)    { syncWithAPreset(t, "biome", "biome-docs") }       // 8 locale folders, a 404 page
func TestCorpusAgentOpsMintlify(t *testing.T)  { syncWithAPreset(t, "agentops", "agentops-docs") } // mint.json, snippets/
func TestCorpusUvMkDocs(t *testing.T)          { syncWithAPreset(t, "uv", "uv-docs") }             // Material: mkdocs.yml, nav

// presetCorpus finds a corpus and its config file, and the docs folder the config's path names from the
// corpus' root.
func presetCorpus(t *testing.T, name, root string) (cfgPath, dir string) {
	t.Helper()
	base := corpusDir(t, root)
	cfgPath, _ = filepath.Abs(filepath.Join("..", "..", "..", "testdata", "corpora", name+".atender.yaml"))
	_, dir = generatorTree(t, base, cfgPath)
	return cfgPath, dir
}

// generatorReasons are the reasons a page is left out because its generator does not publish it.
var generatorReasons = map[string]bool{"partial": true, "snippet": true, "404 page": true, "locale": true, "draft": true, "not a page": true, "exclude_docs": true}

// syncWithAPreset syncs a corpus (its JSON result read: the diagnostics and page counts of kb validate come
// with it, so the tree is loaded once per sync), then syncs it again with no write. Every synced article is
// checked for generator syntax left in its text.
func syncWithAPreset(t *testing.T, name, root string) {
	t.Helper()
	t.Parallel() // each tree has its own emulator and temporary folders; the corpus is only read
	cfgPath, dir := presetCorpus(t, name, root)
	h := emulatortest.Start(t, emulatortest.Options{})
	f, out, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.WriteKey, "ATENDER_CONFIG": cfgPath, "ATENDER_OUTPUT": "json"}, t.TempDir())
	err := run(t, f, dir)
	var res report.SyncResult
	if jerr := json.Unmarshal(out.Bytes(), &res); jerr != nil {
		t.Fatalf("sync: %v, JSON: %v\n%s", err, jerr, errOut)
	}
	var errs []string
	for _, d := range res.Diagnostics {
		if d.Severity == "error" {
			errs = append(errs, d.String())
		}
	}
	if err != nil || len(errs) > 0 {
		t.Fatalf("first sync: %v; %d errors with %s:\n%s", err, len(errs), cfgPath, strings.Join(errs, "\n"))
	}
	pc := res.Pages
	if onDisk := countPages(dir); pc == nil || pc.Read != onDisk {
		t.Fatalf("pages %+v, %d on disk: a page was dropped without being counted", pc, onDisk)
	}
	published := pc.Read
	for why, n := range pc.LeftOut {
		if generatorReasons[why] {
			published -= n
		}
	}
	t.Logf("%s: %s", name, pc)
	snap := h.Server.Snapshot()
	if share := float64(len(snap.Articles)) / float64(published); share < 0.95 {
		t.Fatalf("%d of the %d pages %s publishes reached the KB (%.1f %%), want at least 95 %%", len(snap.Articles), published, pc.Preset, 100*share)
	}
	// Folders with a _category_.json (Docusaurus) are the categories titled by its label.
	labels, titled := categoryLabels(t, dir), 0
	for _, k := range append(snapCategories(snap.Categories), snapSubcategories(snap.Subcategories)...) {
		if want, ok := labels[k[0]]; ok && want == k[1] {
			titled++
		}
	}
	if len(labels) > 0 && float64(titled) < 0.9*float64(len(labels)) {
		t.Fatalf("%d of %d folders with a _category_.json have its label as category title", titled, len(labels))
	}
	checkFidelity(t, name, snap.Articles, res)

	h.Server.ResetLog()
	out.Reset()
	if err := run(t, f, dir); err != nil {
		t.Fatalf("second sync: %v\n%s", err, errOut)
	}
	if w := h.Server.Writes(); w != 0 {
		t.Fatalf("a rerun on an unchanged tree wrote %d times", w)
	}
}

// generatorSyntax is what a generator's page holds that Atender would show as literal text: tabs, admonitions
// (Docusaurus/Starlight/VitePress :::, MkDocs !!!), MkDocs content tabs, heading ids, Material icons, and
// MDX imports.
var generatorSyntax = map[string]*regexp.Regexp{
	"<Tabs":      regexp.MustCompile(`<Tabs\b`),
	":::":        regexp.MustCompile(`(?m)^\s*:::`),
	"!!!":        regexp.MustCompile(`(?m)^\s*(!!!|\?\?\?\+?)\s`),
	"=== \"":     regexp.MustCompile(`(?m)^\s*===\s+"`),
	"{#":         regexp.MustCompile(`\{#[\w-]+\}`),
	":material-": regexp.MustCompile(`:(material|octicons|fontawesome)-[\w-]+:`),
	"import ":    regexp.MustCompile(`(?m)^\s*import\s+(.+\s+from\s+|)['"]`),
}

// syntaxHint is a literal every match of a generatorSyntax expression holds (most articles hold none, and
// are not matched further).
var syntaxHint = map[string]string{"<Tabs": "<Tabs", ":::": ":::", "!!!": "!!!", "=== \"": "===", "{#": "{#", ":material-": "-", "import ": "import"}

// checkFidelity fails when an article keeps generator syntax without a diagnostic naming its file, or when
// more than 5 % of the articles keep any. Code blocks are the author's text, shown as code: they are not
// looked at.
func checkFidelity(t *testing.T, name string, articles []emulatortest.Article, res report.SyncResult) {
	t.Helper()
	pathOf := map[string]string{}
	for _, a := range res.Articles {
		pathOf[a.Slug] = a.Path
	}
	named := map[string]bool{}
	for _, d := range res.Diagnostics {
		named[d.Path] = true
	}
	with, unnamed := 0, []string{}
	for _, a := range articles {
		found, prose := "", proseOf(a.Content)
		for s, re := range generatorSyntax {
			if strings.Contains(prose, syntaxHint[s]) && re.MatchString(prose) {
				found = s
				break
			}
		}
		if found == "" {
			continue
		}
		with++
		if p := pathOf[a.Slug]; !named[p] {
			unnamed = append(unnamed, fmt.Sprintf("%s (%q)", p, found))
		}
	}
	t.Logf("%s: %d of %d articles keep generator syntax", name, with, len(articles))
	if len(unnamed) > 0 {
		t.Errorf("%d articles keep generator syntax and no diagnostic names them: %s", len(unnamed), strings.Join(unnamed[:min(len(unnamed), 10)], ", "))
	}
	if float64(with) > 0.05*float64(len(articles)) {
		t.Errorf("%d of %d articles keep generator syntax (over 5 %%)", with, len(articles))
	}
}

// proseOf is a Markdown text without its fenced code blocks and inline code spans.
func proseOf(md string) string {
	var b strings.Builder
	fence := ""
	for _, line := range strings.Split(md, "\n") {
		trim := strings.TrimLeft(line, " \t>")
		if fence == "" && (strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~")) {
			fence = trim[:3]
			continue
		}
		if fence != "" {
			if strings.HasPrefix(trim, fence) {
				fence = ""
			}
			continue
		}
		b.WriteString(codeSpan.ReplaceAllString(line, "``"))
		b.WriteByte('\n')
	}
	return b.String()
}

var codeSpan = regexp.MustCompile("`[^`]*`")

// categoryLabels maps the slug of each first- or second-level folder with a _category_.json to its label.
func categoryLabels(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	matches, _ := filepath.Glob(filepath.Join(dir, "*", "_category_.json"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*", "_category_.json"))
	for _, m := range append(matches, more...) {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		var v struct{ Label string }
		if json.Unmarshal(b, &v) == nil && v.Label != "" {
			out[strings.ToLower(filepath.Base(filepath.Dir(m)))] = v.Label
		}
	}
	return out
}

func snapCategories(l []emulatortest.Category) [][2]string {
	out := make([][2]string, len(l))
	for i, k := range l {
		out[i] = [2]string{k.Slug, k.Title}
	}
	return out
}

func snapSubcategories(l []emulatortest.Subcategory) [][2]string {
	out := make([][2]string, len(l))
	for i, k := range l {
		out[i] = [2]string{k.Slug, k.Title}
	}
	return out
}
