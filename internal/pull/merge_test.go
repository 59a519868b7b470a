package pull

import (
	"testing"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/plan"
)

func TestMergeChangesOnlyWhatDiffers(t *testing.T) {
	ix := inventory.NewIndex(remote())
	file := "---\ntitle: Refunds\n# a comment\nhide_table_of_contents: true\ntags:\n  - billing\nstatus: draft\n---\n\nBody with [a link](../account/close.md).\n"
	pg := &docs.Page{Path: "billing/refunds.md", Slug: "refunds", Title: "Refunds", Content: "Body with [a link](/knowledge/close).\n",
		Sources: map[string]string{"title": "frontmatter", "summary": "paragraph", "status": "frontmatter"}}
	ra := &kb.Article{Slug: "refunds", Title: "Refunds and returns", Summary: "New summary.", Status: "published", CategoryID: "c1", TagIDs: []string{"t1", "t2"},
		Content: "New body with [a link](/knowledge/close) and [another](/knowledge/cards).\n"}
	l := Local{File: []byte(file), Page: pg, Where: map[string]string{"refunds": "billing/refunds.md", "close": "account/close.md", "cards": "billing/cards/cards.md"}}
	got := string(Merge(l, ra, ix, []string{plan.FieldTitle, plan.FieldSummary, plan.FieldTags, plan.FieldStatus, plan.FieldContent}))
	want := "---\ntitle: Refunds and returns\n# a comment\nhide_table_of_contents: true\ntags:\n  - Payment Methods\n  - vip\nstatus: published\nsummary: New summary.\n---\n\n" +
		"New body with [a link](../account/close.md) and [another](cards/cards.md).\n"
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	// Nothing asked, nothing changed.
	if got := string(Merge(l, ra, ix, nil)); got != file {
		t.Fatalf("an empty merge changed the file:\n%s", got)
	}
	// A title from the first heading is changed there; a file without frontmatter gets none for it.
	l = Local{File: []byte("# Refunds\n\nBody.\n"), Page: &docs.Page{Path: "billing/refunds.md", Title: "Refunds", Sources: map[string]string{"title": "heading"}}}
	if got := string(Merge(l, ra, ix, []string{plan.FieldTitle})); got != "# Refunds and returns\n\nBody.\n" {
		t.Fatalf("heading title: %q", got)
	}
	// Another frontmatter format is edited in its own syntax (frontmatter_test.go has the cases).
	l.File = []byte("+++\ntitle = \"Refunds\"\n+++\nBody.\n")
	if got := string(Merge(l, ra, ix, []string{plan.FieldTitle})); got != "+++\ntitle = \"Refunds and returns\"\n+++\nBody.\n" {
		t.Fatalf("TOML: %q", got)
	}
}
