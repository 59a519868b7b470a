package conformance_test

import (
	"context"
	"strings"
	"testing"

	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/kb"
)

// Against the emulator: a cleared subcategory and summary go as null and are cleared.
func TestClearingReachesTheServer(t *testing.T) {
	h := emulatortest.Start(t, emulatortest.Options{})
	c := newClient(h, h.WriteKey)
	ctx := context.Background()
	cat := seedCategory(t, c)
	sub, err := c.CreateSubcategory(ctx, kb.SubcategoryInput{CategoryID: cat.ID, Title: "Cards", Slug: "cards"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.CreateArticle(ctx, kb.ArticleCreate{Title: "Refunds", Slug: "refunds", Summary: "How", Content: "x", CategoryID: cat.ID, SubcategoryID: sub.ID})
	if err != nil || a.SubcategoryID != sub.ID || a.Summary != "How" {
		t.Fatalf("%+v %v", a, err)
	}
	h.ResetLog()
	got, err := c.UpdateArticle(ctx, a.ID, kb.ArticlePatch{Summary: kb.Ptr(""), SubcategoryID: kb.Ptr("")})
	if err != nil || got.SubcategoryID != "" || got.Summary != "" {
		t.Fatalf("after clearing: %+v %v", got, err)
	}
	if body := h.Log()[0].Body; !strings.Contains(body, `"subcategoryId":null`) || !strings.Contains(body, `"summary":null`) {
		t.Fatalf("PATCH body %s; want nulls", body)
	}
}
