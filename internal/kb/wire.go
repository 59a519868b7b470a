package kb

import "encoding/json"

// Clearing a field. Atender clears a field with JSON null and keeps a field left out; what it does with ""
// is not stated (elsewhere in its API bad input is sometimes dropped or defaulted silently). So a patch
// whose optional text field is set to "" sends null. Required fields (title, slug, content, categoryId,
// status) are never cleared, and lists are replaced whole ([] empties them).

// MarshalJSON sends summary and subcategoryId set to "" as null.
func (p ArticlePatch) MarshalJSON() ([]byte, error) {
	type plain ArticlePatch
	return withNulls(plain(p), map[string]*string{"summary": p.Summary, "subcategoryId": p.SubcategoryID})
}

// MarshalJSON sends a description set to "" as null.
func (p CategoryPatch) MarshalJSON() ([]byte, error) {
	type plain CategoryPatch
	return withNulls(plain(p), map[string]*string{"description": p.Description})
}

// MarshalJSON sends a description set to "" as null.
func (p SubcategoryPatch) MarshalJSON() ([]byte, error) {
	type plain SubcategoryPatch
	return withNulls(plain(p), map[string]*string{"description": p.Description})
}

// withNulls marshals v (whose nil fields are left out) and turns each named field that is set to "" into
// null.
func withNulls(v any, clearable map[string]*string) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	cleared := false
	for k, f := range clearable {
		if f != nil && *f == "" {
			m[k] = json.RawMessage("null")
			cleared = true
		}
	}
	if !cleared {
		return b, nil
	}
	return json.Marshal(m)
}
