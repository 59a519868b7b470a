package kbcmd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/atender/atender/internal/escape/escapetest"
	"github.com/atender/atender/internal/ownership"
)

// kb-drift.yml posts kb status's Markdown as the issue body, which GitHub refuses over 65,536 characters: a
// first run against a tree of 5,000 pages (every one missing in Atender) fits, folds its rows out of view,
// and says how many it left out and where they all are; a small drift reads as before.
func TestStatusMarkdownFitsAnIssue(t *testing.T) {
	t.Parallel()
	r := &StatusResult{Counts: map[string]int{string(ownership.MissingInAtender): 5000}}
	for i := range 5000 {
		r.Articles = append(r.Articles, StatusArticle{State: string(ownership.MissingInAtender), Slug: fmt.Sprintf("article-%04d", i), Path: fmt.Sprintf("guides/article-%04d.md", i)})
	}
	md := statusMarkdown(r)
	if len(md) > 60000 {
		t.Errorf("the Markdown is %d bytes; an issue body takes 65,536 characters", len(md))
	}
	if n := len(escapetest.OutsideDetails(md)); n > 20 || !strings.Contains(md, "<details><summary>5000 articles not in sync</summary>") {
		t.Errorf("%d lines in view, or the rows are not folded:\n%.1500s", n, md)
	}
	if !strings.Contains(md, "more articles not in sync: `atender kb status` lists every one") || !strings.Contains(md, "| missing in Atender | article-0000 | guides/article-0000.md |") {
		t.Errorf("the cut is not said, or the first rows are missing:\n%.1500s", md)
	}

	small := &StatusResult{Counts: map[string]int{string(ownership.EditedInAtender): 1}, Articles: []StatusArticle{{State: string(ownership.EditedInAtender), Slug: "a8", Fields: []string{"content"}}}}
	if md := statusMarkdown(small); strings.Contains(md, "<details>") || !strings.Contains(md, "| edited in Atender | a8 | content |") {
		t.Errorf("a small drift:\n%s", md)
	}
}
