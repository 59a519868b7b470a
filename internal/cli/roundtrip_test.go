package cli_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atender/atender/internal/cli"
	"github.com/atender/atender/internal/cli/cmdutil"
	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
)

// variedKB seeds n articles meant to break a naive export: every status, quotes, colons, #, emoji and
// accented letters in titles, YAML look-alikes, tables and code in bodies, empty summaries, subcategories,
// tags whose name does not slug to their slug.
func variedKB(n int) emulatortest.Snapshot {
	rng := rand.New(rand.NewPCG(7, 11))
	snap := emulatortest.Snapshot{
		Categories: []emulatortest.Category{
			{ID: "cat_1", Slug: "billing", Title: "Billing & Plans", Description: "Money: invoices, refunds.", SortOrder: 2},
			{ID: "cat_2", Slug: "getting-started", Title: "Getting started", SortOrder: 1},
			{ID: "cat_3", Slug: "faq", Title: "FAQ — «questions»"},
		},
		Subcategories: []emulatortest.Subcategory{
			{ID: "sub_1", CategoryID: "cat_1", Slug: "cards", Title: "Cards: credit & debit", SortOrder: 1},
			{ID: "sub_2", CategoryID: "cat_3", Slug: "legal", Title: "Legal"},
		},
		Tags: []emulatortest.Tag{
			{ID: "tag_1", Slug: "billing", Name: "Billing"},
			{ID: "tag_2", Slug: "payment-methods", Name: "Payment Methods"},
			{ID: "tag_3", Slug: "vip", Name: "Most important"},
			{ID: "tag_4", Slug: "uber", Name: "Über"},
		},
	}
	titles := []string{`Refunds: "how" and 'why'`, "# Not a heading", "Café & crème brûlée", "Emoji 🎉 party", "yes", "123", "null",
		"Colon: at: the: end:", "- dash first", "Über uns", "Tab\there", "[brackets] {braces}", "Ünïcödé ÅÉÎÕÜ", "50% off!", "@mention *star*"}
	bodies := []string{
		"| Plan | Price |\n|------|------:|\n| Basic | 10 € |\n| Pro | 20 € |\n",
		"```yaml\n---\ntitle: inside code\n---\n```\n\nAfter the fence.\n",
		"Intro with `code` and **bold**.\n\n- one\n- two\n\n> quote: here\n",
		"Line with trailing spaces  \nand a hard break.\n\n1. first\n2. second\n",
		"See [the site](https://example.com/a?b=c#d) and ![logo](https://cdn.example.com/x.png).\n",
		"Text with a /knowledge/ link: [other](/knowledge/other-article).\n\n---\n\nAfter a rule.\n",
	}
	statuses := facts.Statuses
	for i := 0; i < n; i++ {
		cat := snap.Categories[rng.IntN(3)]
		a := emulatortest.Article{
			ID: fmt.Sprintf("art_%05d", i), Slug: fmt.Sprintf("article-%d", i), Title: titles[i%len(titles)] + fmt.Sprintf(" %d", i),
			Summary: []string{"", "A summary: with a colon.", "«Quoted» — summary #1", "Multi\nline summary"}[rng.IntN(4)],
			Content: "Body of " + fmt.Sprint(i) + ".\n\n" + bodies[rng.IntN(len(bodies))], CategoryID: cat.ID,
			Status: statuses[i%len(statuses)], TagIDs: []string{}, Keywords: []string{},
		}
		if cat.ID == "cat_1" && rng.IntN(2) == 0 {
			a.SubcategoryID = "sub_1"
		}
		if cat.ID == "cat_3" && rng.IntN(2) == 0 {
			a.SubcategoryID = "sub_2"
		}
		for _, t := range snap.Tags {
			if rng.IntN(3) == 0 {
				a.TagIDs = append(a.TagIDs, t.ID)
			}
		}
		for k := 0; k < rng.IntN(4); k++ {
			a.Keywords = append(a.Keywords, []string{"vat", "key: value", "#hash", "émoji 😀", "true"}[rng.IntN(5)])
		}
		snap.Articles = append(snap.Articles, a)
	}
	return snap
}

func runCLI(t *testing.T, h *emulatortest.Harness, dir string, args ...string) (string, string, int) {
	t.Helper()
	f, out, errOut := cmdutil.NewForTest(map[string]string{"ATENDER_BASE_URL": h.URL, "ATENDER_API_KEY": h.WriteKey}, dir)
	code := cli.Run(context.Background(), f, args)
	return out.String(), errOut.String(), code
}

// The round trip is a property: pull, then sync, plans zero writes.
func TestPullThenSyncPlansNothing(t *testing.T) {
	t.Parallel()
	h := emulatortest.Start(t, emulatortest.Options{})
	h.Seed(variedKB(500))
	dir := filepath.Join(t.TempDir(), "kb")
	_, stderr, code := runCLI(t, h, dir, "kb", "pull", dir)
	if code != 0 || !strings.Contains(stderr, "Pulled 500 articles") {
		t.Fatalf("pull: exit %d\n%s", code, stderr)
	}
	h.ResetLog()
	stdout, stderr, code := runCLI(t, h, dir, "kb", "sync", dir, "--dry-run", "--detailed-exitcode", "--diff")
	if code != 0 {
		t.Fatalf("sync after pull: exit %d, want 0 (in sync)\n%s\n%s", code, firstLines(stdout, 40), firstLines(stderr, 20))
	}
	if !strings.Contains(stdout, "= 500 unchanged") {
		t.Fatalf("plan:\n%s", firstLines(stdout, 20))
	}
	if h.Writes() != 0 {
		t.Fatalf("%d writes", h.Writes())
	}
	// every status came back, archived included
	seen := map[string]int{}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if strings.HasSuffix(p, ".md") {
			b, _ := os.ReadFile(p)
			for _, st := range facts.Statuses {
				if strings.Contains(string(b), "\nstatus: "+st+"\n") {
					seen[st]++
				}
			}
		}
		return nil
	})
	for _, st := range facts.Statuses {
		if seen[st] != 125 {
			t.Errorf("%d files with status %s, want 125", seen[st], st)
		}
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
