package plan

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/atender/atender/internal/docs"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/inventory"
	"github.com/atender/atender/internal/kb"
	"github.com/google/go-cmp/cmp"
)

func pg(path, slug, title, cat string, mods ...func(*docs.Page)) *docs.Page {
	p := &docs.Page{Path: path, Slug: slug, Title: title, Summary: "S", Content: "Body.\n", Category: cat, Status: facts.StatusPublished, Tags: []string{}, Keywords: []string{}}
	for _, m := range mods {
		m(p)
	}
	return p
}

func ra(id, slug, title, catID string, mods ...func(*kb.Article)) kb.Article {
	a := kb.Article{ID: id, Slug: slug, Title: title, Summary: "S", Content: "Body.", CategoryID: catID, Status: facts.StatusPublished, TagIDs: []string{}, Keywords: []string{}}
	for _, m := range mods {
		m(&a)
	}
	return a
}

var (
	billing = &docs.Category{Slug: "billing", Title: "Billing"}
	cats    = []kb.Category{{ID: "cat_b", Slug: "billing", Title: "Billing"}, {ID: "cat_o", Slug: "other", Title: "Other"}}
)

// summary renders a plan as "kind slug [fields]" lines, the form the table compares.
func summary(p *Plan) []string {
	var out []string
	for _, a := range p.Actions {
		s := string(a.Kind) + " " + a.Slug
		if len(a.Fields) > 0 {
			s += " [" + strings.Join(a.Fields, ",") + "]"
		}
		if a.Restore {
			s += " restore"
		}
		out = append(out, s)
	}
	return out
}

func TestMake(t *testing.T) {
	cases := []struct {
		name   string
		tree   *docs.Tree
		remote *inventory.Remote
		opts   Options
		want   []string
		warn   string
	}{
		{
			name:   "first sync creates category, subcategory, tags, then articles",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Subcategories: []*docs.Category{{Slug: "cards", Title: "Cards", Parent: "billing"}}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing", func(p *docs.Page) { p.Subcategory = "cards"; p.Tags = []string{"Billing", "billing", "Payments"} })}},
			remote: &inventory.Remote{},
			want:   []string{"create-category billing", "create-subcategory cards", "create-tag billing", "create-tag payments", "create a"},
		},
		{
			name:   "unchanged tree plans no write",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing")}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b")}},
			want:   []string{"unchanged a"},
		},
		{
			name:   "trailing newlines and CRLF are not a change",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing", func(p *docs.Page) { p.Content = "Line\nTwo\n\n" })}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b", func(a *kb.Article) { a.Content = "Line\r\nTwo" })}},
			want:   []string{"unchanged a"},
		},
		{
			name:   "one changed field",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing", func(p *docs.Page) { p.Summary = "New" })}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b")}},
			want:   []string{"update a [summary]"},
		},
		{
			name: "every field changed",
			tree: &docs.Tree{Categories: []*docs.Category{{Slug: "other", Title: "Other"}}, Pages: []*docs.Page{pg("o/a.md", "a", "A2", "other", func(p *docs.Page) {
				p.Summary, p.Content, p.Tags, p.Keywords, p.Status = "S2", "C2", []string{"x"}, []string{"k"}, facts.StatusDraft
			})}},
			remote: &inventory.Remote{Categories: cats, Tags: []kb.Tag{{ID: "tag_x", Slug: "x", Name: "x"}}, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b")}},
			want:   []string{"update a [title,summary,content,category,tags,keywords,status]"},
		},
		{
			name:   "tags compare as a set, keywords as a list",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing", func(p *docs.Page) { p.Tags = []string{"y", "x"}; p.Keywords = []string{"2", "1"} })}},
			remote: &inventory.Remote{Categories: cats, Tags: []kb.Tag{{ID: "tx", Slug: "x"}, {ID: "ty", Slug: "y"}}, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b", func(a *kb.Article) { a.TagIDs = []string{"tx", "ty"}; a.Keywords = []string{"1", "2"} })}},
			want:   []string{"update a [keywords]"},
		},
		{
			name:   "archived remote twin is restored to the local status",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing")}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b", func(a *kb.Article) { a.Status = facts.StatusArchived })}},
			want:   []string{"update a [status] restore"},
		},
		{
			name:   "moving to another subcategory",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/s/a.md", "a", "A", "billing", func(p *docs.Page) { p.Subcategory = "s2" })}},
			remote: &inventory.Remote{Categories: cats, Subcategories: []kb.Subcategory{{ID: "sub_1", CategoryID: "cat_b", Slug: "s1"}, {ID: "sub_2", CategoryID: "cat_b", Slug: "s2"}}, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b", func(a *kb.Article) { a.SubcategoryID = "sub_1" })}},
			want:   []string{"update a [subcategory]"},
		},
		{
			name:   "without --prune nothing is removed",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing")}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b"), ra("art_2", "gone", "Gone", "cat_b")}},
			want:   []string{"unchanged a"},
		},
		{
			name:   "an update of an article edited outside the repository is a conflict; an unchanged one is not",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A2", "billing"), pg("b/b.md", "b", "B", "billing"), pg("b/c.md", "c", "C2", "billing")}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b"), ra("art_2", "b", "B", "cat_b"), ra("art_3", "c", "C", "cat_b")}},
			opts:   Options{Edited: map[string][]string{"a": {FieldTitle}, "b": {FieldTitle}}},
			want:   []string{"conflict a [title]", "unchanged b", "update c [title]"},
		},
		{
			name:   "--prune archives what the managed categories no longer have, and leaves other categories alone",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing")}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b"), ra("art_2", "gone", "Gone", "cat_b"), ra("art_3", "old", "Old", "cat_b", func(a *kb.Article) { a.Status = facts.StatusArchived }), ra("art_4", "elsewhere", "E", "cat_o")}},
			opts:   Options{Prune: true},
			want:   []string{"unchanged a", "archive gone"},
		},
		{
			name:   "--prune leaves the article of a file marked sync: false alone",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing")}, Held: []string{"held"}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b"), ra("art_2", "held", "Held", "cat_b"), ra("art_3", "gone", "Gone", "cat_b")}},
			opts:   Options{Prune: true, PruneMode: "delete"},
			want:   []string{"unchanged a", "delete gone"},
		},
		{
			name:   "--prune-mode delete removes archived ones too",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing")}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b"), ra("art_2", "gone", "Gone", "cat_b"), ra("art_3", "old", "Old", "cat_b", func(a *kb.Article) { a.Status = facts.StatusArchived })}},
			opts:   Options{Prune: true, PruneMode: "delete"},
			want:   []string{"unchanged a", "delete gone", "delete old"},
		},
		{
			name:   "remote duplicates of a local slug are reported",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "faq", "A", "billing")}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "faq", "A", "cat_b"), ra("art_2", "faq-1", "A", "cat_b")}},
			want:   []string{"unchanged faq"},
			warn:   "art_2 (slug faq-1, status published) looks like a duplicate of faq",
		},
		{
			name:   "an explicit _category.yml updates a remote category; a folder name never does",
			tree:   &docs.Tree{Categories: []*docs.Category{{Slug: "billing", Title: "Billing & Plans", Explicit: true}, {Slug: "other", Title: "Renamed by folder"}}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing"), pg("o/b.md", "b", "B", "other")}},
			remote: &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b"), ra("art_2", "b", "B", "cat_o")}},
			want:   []string{"update-category billing [title]", "unchanged a", "unchanged b"},
		},
		{
			name:   "an existing tag is reused by slug",
			tree:   &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A", "billing", func(p *docs.Page) { p.Tags = []string{"Payment Methods"} })}},
			remote: &inventory.Remote{Categories: cats, Tags: []kb.Tag{{ID: "t1", Slug: "payment-methods", Name: "payment methods"}}},
			want:   []string{"create a"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := Make(tc.tree, inventory.NewIndex(tc.remote), tc.opts)
			if diff := cmp.Diff(tc.want, summary(p)); diff != "" {
				t.Fatalf("plan (-want +got):\n%s", diff)
			}
			if tc.warn != "" && (len(p.Warnings) == 0 || !strings.Contains(p.Warnings[0], tc.warn)) {
				t.Fatalf("warnings %v, want one containing %q", p.Warnings, tc.warn)
			}
			if tc.warn == "" && len(p.Warnings) > 0 {
				t.Fatalf("unexpected warnings %v", p.Warnings)
			}
		})
	}
}

// on-conflict: skip is decided by the planner too; nothing changes a plan after Make.
func TestConflictSkipIsAnInput(t *testing.T) {
	tree := &docs.Tree{Categories: []*docs.Category{billing}, Pages: []*docs.Page{pg("b/a.md", "a", "A2", "billing")}}
	remote := &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_1", "a", "A", "cat_b")}}
	for _, skip := range []bool{false, true} {
		p := Make(tree, inventory.NewIndex(remote), Options{Edited: map[string][]string{"a": {FieldTitle}}, SkipConflicts: skip})
		if a := p.Actions[0]; a.Kind != Conflict || a.SkipConflict != skip || a.IsWrite() {
			t.Fatalf("skip=%v: %+v", skip, a)
		}
	}
}

// More than 20 creates into a KB whose categories exist but whose article listing is empty need a
// confirmation; a truly empty KB, or 20 creates, do not.
func TestConfirmFirstSyncIntoAKBWithCategoriesButNoArticles(t *testing.T) {
	tree := func(n int) *docs.Tree {
		tr := &docs.Tree{Categories: []*docs.Category{billing}}
		for i := 0; i < n; i++ {
			tr.Pages = append(tr.Pages, pg(fmt.Sprintf("b/%d.md", i), fmt.Sprintf("a%d", i), "A", "billing"))
		}
		return tr
	}
	withCats := &inventory.Remote{Categories: cats}
	if p := Make(tree(21), inventory.NewIndex(withCats), Options{}); p.Confirm == "" || !strings.Contains(p.Confirm, "create 21 articles") || len(p.Warnings) != 1 {
		t.Fatalf("21 creates into a KB with categories and no articles: confirm %q, warnings %v", p.Confirm, p.Warnings)
	}
	if p := Make(tree(20), inventory.NewIndex(withCats), Options{}); p.Confirm != "" {
		t.Fatalf("20 creates need no confirmation: %q", p.Confirm)
	}
	if p := Make(tree(300), inventory.NewIndex(&inventory.Remote{}), Options{}); p.Confirm != "" {
		t.Fatalf("a truly empty KB needs no confirmation: %q", p.Confirm)
	}
	withArt := &inventory.Remote{Categories: cats, Articles: []kb.Article{ra("art_x", "x", "X", "cat_o")}}
	if p := Make(tree(300), inventory.NewIndex(withArt), Options{}); p.Confirm != "" {
		t.Fatalf("a KB that lists articles needs no confirmation: %q", p.Confirm)
	}
}

func TestCounts(t *testing.T) {
	p := &Plan{Actions: []*Action{{Kind: Create}, {Kind: Unchanged}, {Kind: Archive}, {Kind: Delete}, {Kind: Update}}}
	if p.Writes() != 4 || p.Removals() != 2 || p.Count(Unchanged) != 1 {
		t.Fatalf("writes %d removals %d", p.Writes(), p.Removals())
	}
}

// A duplicate's slug is read as the pattern ^(.+)-(\d+)$ reads it: the slug without its last -digits.
func TestDuplicateOfReadsSlugsAsThePatternDoes(t *testing.T) {
	re := regexp.MustCompile(`^(.+)-(\d+)$`)
	for _, s := range []string{"faq-1", "faq-12", "a-1-2", "a--1", "-1", "faq-", "faq", "faq-1b", "a-b-c", "1-1", "x-٣", "a\nb-1", "ab-1\n", "é-3", "-", ""} {
		of, ok := duplicateOf(s)
		m := re.FindStringSubmatch(s)
		if ok != (m != nil) || ok && of != m[1] {
			t.Errorf("duplicateOf(%q) = %q, %v; the pattern reads %q", s, of, ok, m)
		}
	}
}
