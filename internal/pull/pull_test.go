package pull

import (
	"strings"
	"testing"

	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
)

func remote() *inventory.Remote {
	return &inventory.Remote{
		Categories:    []kb.Category{{ID: "c1", Slug: "billing", Title: "Billing", SortOrder: 2}, {ID: "c2", Slug: "account", Title: "Account"}},
		Subcategories: []kb.Subcategory{{ID: "s1", CategoryID: "c1", Slug: "cards", Title: "Cards"}},
		Tags:          []kb.Tag{{ID: "t1", Slug: "payment-methods", Name: "Payment Methods"}, {ID: "t2", Slug: "vip", Name: "Most important"}},
		Articles: []kb.Article{
			{ID: "a1", Slug: "refunds", Title: "Refunds", CategoryID: "c1", Status: "published", TagIDs: []string{"t1", "t2"}, Content: "Body"},
			{ID: "a2", Slug: "cards", Title: "Cards", CategoryID: "c1", SubcategoryID: "s1", Status: "archived", Content: "Body\n"},
			{ID: "a3", Slug: "close", Title: "Close", CategoryID: "c2", Status: "draft", Content: "Body\n"},
			{ID: "a4", Slug: "orphan", Title: "Orphan", CategoryID: "c9", Status: "draft"},
		},
	}
}

func paths(t *Tree) []string {
	var out []string
	for _, f := range t.Files {
		out = append(out, f.Path)
	}
	return out
}

func TestBuildLayout(t *testing.T) {
	tr := Build(remote(), Options{})
	want := "account/_category.yml account/close.md billing/_category.yml billing/cards/_category.yml billing/cards/cards.md billing/refunds.md"
	if got := strings.Join(paths(tr), " "); got != want || tr.Articles != 3 {
		t.Fatalf("files %s (%d articles)", got, tr.Articles)
	}
	if len(tr.Warnings) != 1 || !strings.Contains(tr.Warnings[0], "a4 (orphan) has no known category") {
		t.Fatalf("warnings %v", tr.Warnings)
	}
	var refunds string
	for _, f := range tr.Files {
		if f.Path == "billing/refunds.md" {
			refunds = string(f.Content)
		}
	}
	// A tag name that slugs back to its slug is written as the name; otherwise the slug, so sync matches it.
	for _, want := range []string{"---\ntitle: Refunds\nslug: refunds\nsummary: \"\"\ncategory: billing\n", "  - Payment Methods\n", "  - vip\n", "status: published\n---\nBody\n"} {
		if !strings.Contains(refunds, want) {
			t.Errorf("refunds.md lacks %q:\n%s", want, refunds)
		}
	}
}

func TestBuildFilters(t *testing.T) {
	tr := Build(remote(), Options{Statuses: []string{"archived", "draft"}})
	if got := strings.Join(paths(tr), " "); got != "account/_category.yml account/close.md billing/_category.yml billing/cards/_category.yml billing/cards/cards.md" {
		t.Fatalf("status filter: %s", got)
	}
	tr = Build(remote(), Options{Categories: []string{"account"}})
	if got := strings.Join(paths(tr), " "); got != "account/_category.yml account/close.md" {
		t.Fatalf("category filter: %s", got)
	}
}

// Links between pulled articles come back as relative .md paths (fragment kept); a link to an article not
// pulled, an image, and links elsewhere stay exactly as Atender holds them.
func TestRelink(t *testing.T) {
	where := map[string]string{"refunds": "billing/refunds.md", "cards": "billing/cards/cards.md", "close": "account/close.md"}
	in := "See [refunds](/knowledge/refunds#when), [cards](/knowledge/cards), [gone](/knowledge/gone) and " +
		"[site](https://example.com/knowledge/close).\n\n![logo](/knowledge/close.png)\n\n[ref]: /knowledge/close\n"
	got := Relink(in, "billing/cards/cards.md", where, "")
	want := "See [refunds](../refunds.md#when), [cards](cards.md), [gone](/knowledge/gone) and " +
		"[site](https://example.com/knowledge/close).\n\n![logo](/knowledge/close.png)\n\n[ref]: ../../account/close.md\n"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	// with links.baseUrl, exactly those links are the ones between files
	got = Relink("[a](https://help.example.com/knowledge/refunds) [b](/knowledge/refunds)", "account/close.md", where, "https://help.example.com/")
	if got != "[a](../billing/refunds.md) [b](/knowledge/refunds)\n" {
		t.Fatalf("with a base URL: %q", got)
	}
	if got := Relink("No links.\n", "a.md", where, ""); got != "No links.\n" {
		t.Fatalf("untouched content changed: %q", got)
	}
}
