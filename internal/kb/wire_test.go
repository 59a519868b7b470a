package kb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/atender/atender/internal/kb"
	"github.com/atender/atender/internal/kb/kbtest"
)

// Clearing an optional text field sends null; a field left nil is not sent; lists are sent whole.
func TestPatchesClearWithNull(t *testing.T) {
	cases := []struct {
		v    any
		want string
	}{
		{kb.ArticlePatch{Title: kb.Ptr("T"), Slug: kb.Ptr("t"), Summary: kb.Ptr(""), SubcategoryID: kb.Ptr("")}, `{"slug":"t","subcategoryId":null,"summary":null,"title":"T"}`},
		{kb.ArticlePatch{Summary: kb.Ptr("s"), SubcategoryID: kb.Ptr("sub_1")}, `{"summary":"s","subcategoryId":"sub_1"}`},
		{kb.ArticlePatch{TagIDs: &[]string{}, Keywords: &[]string{}}, `{"tagIds":[],"keywords":[]}`},
		{kb.ArticlePatch{}, `{}`},
		{kb.CategoryPatch{Title: kb.Ptr("B"), Description: kb.Ptr("")}, `{"description":null,"title":"B"}`},
		{kb.SubcategoryPatch{Description: kb.Ptr("")}, `{"description":null}`},
		{kb.SubcategoryPatch{Description: kb.Ptr("d")}, `{"description":"d"}`},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.v)
		if err != nil || string(b) != c.want {
			t.Errorf("%+v: %s %v, want %s", c.v, b, err, c.want)
		}
	}
}

// Against the emulator: a cleared subcategory and summary go as null and are cleared.
func TestClearingReachesTheServer(t *testing.T) {
	h := kbtest.Start(t, kbtest.Options{})
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
