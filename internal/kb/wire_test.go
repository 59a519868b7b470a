package kb_test

import (
	"encoding/json"
	"testing"

	"github.com/atender/atender/internal/kb"
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
