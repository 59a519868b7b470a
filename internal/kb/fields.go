package kb

import (
	"encoding/json"
	"fmt"
	"strings"
)

// itemFields are, per list resource, the keys kb sync reads from every listed item and compares with the
// tree (assumed names, see types.go). A key that is absent is read as empty: when the server names a field
// otherwise (`body` for `content`), every sync would rewrite every item. So a listing whose items lack one of
// these keys is refused (CheckFields), by kb sync before planning and by atender doctor.
//
//   - required: the key must be on every item, and not null (an article always has content and a status).
//   - optional: the key may be absent (an article without subcategory; a server may leave out an empty list),
//     but not when no item has it and some item carries it under another spelling (`subcategory_id`,
//     `subcategory: {…}`, `tag_ids`, `tags`).
//   - lists: the keys among those that hold a list of strings (null for none); every other key holds a
//     string (an optional one may be null).
var itemFields = map[string]struct{ required, optional, lists []string }{
	"categories":    {required: []string{"id", "slug", "title"}},
	"subcategories": {required: []string{"id", "slug", "title", "categoryId"}},
	"tags":          {required: []string{"id", "slug", "name"}},
	"articles": {
		required: []string{"id", "slug", "title", "content", "categoryId", "status"},
		optional: []string{"summary", "subcategoryId", "tagIds", "keywords"},
		lists:    []string{"tagIds", "keywords"},
	},
}

// RequiredFields lists the keys every item of GET /{resource} must carry.
func RequiredFields(resource string) []string { return itemFields[resource].required }

// FieldsError says that items of a listing lack keys kb sync compares: planning on it would read those
// fields as empty and rewrite every item on every run.
type FieldsError struct {
	Resource string
	Missing  []string // the keys that are missing, in the order of RequiredFields
	Items    int      // how many items lack at least one of them
	Of       int      // how many items were checked
	First    int      // the 1-based position of the first item lacking one
	Slug     string   // that item's slug, when it has one
	Keys     string   // the keys that item does carry, sorted and quoted (never their values)
}

func (e *FieldsError) Error() string {
	which := fmt.Sprintf("item %d", e.First)
	if e.Slug != "" {
		which += fmt.Sprintf(" (slug %q)", e.Slug)
	}
	return fmt.Sprintf("GET /%s: %d of %d items lack %s (%s has the keys %s); atender compares %s with the files and would read %s as empty, rewriting every %s on every run. The server names its fields otherwise than atender assumes: run `atender doctor` and report it",
		e.Resource, e.Items, e.Of, strings.Join(e.Missing, ", "), which, e.Keys, strings.Join(e.Missing, ", "), pronoun(len(e.Missing)), singular(e.Resource))
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func singular(resource string) string {
	if s, ok := strings.CutSuffix(resource, "ies"); ok {
		return s + "y"
	}
	return strings.TrimSuffix(resource, "s")
}

// CheckFields checks that the listed items of GET /{resource} carry every key kb sync reads (see itemFields).
// Items that are not JSON objects are left to the decoder. It returns nil when nothing is missing.
func CheckFields(resource string, items []json.RawMessage) *FieldsError {
	return checkFields(resource, objects(items))
}

// objects splits each item into its members, once for every check of it; an item that is not an object is
// nil. The items are valid JSON (the listing read them as such).
func objects(items []json.RawMessage) []object {
	out := make([]object, len(items))
	inParallel(len(items), func(i int) { out[i] = scanObject(items[i]) })
	return out
}

func checkFields(resource string, items []object) *FieldsError {
	spec, ok := itemFields[resource]
	if !ok || len(items) == 0 {
		return nil
	}
	var e *FieldsError
	missing := map[string]bool{}
	seenOptional := map[string]bool{}
	renamed := map[string]bool{}
	renamedAt := -1 // the first item carrying an optional field under another name
	stems := map[string][]string{}
	for i, m := range items {
		if m == nil {
			continue
		}
		lacks := false
		for _, f := range spec.required {
			v, has := m.get(f)
			if !has || isNull(v) {
				missing[f], lacks = true, true
			}
		}
		for _, f := range spec.optional {
			if _, has := m.get(f); has {
				seenOptional[f] = true
			}
		}
		for _, mb := range m {
			for _, f := range respelled(stems, spec.optional, mb.key) {
				renamed[f] = true
				if renamedAt < 0 {
					renamedAt = i
				}
			}
		}
		if !lacks {
			continue
		}
		if e == nil {
			e = &FieldsError{Resource: resource, First: i + 1, Keys: keysOf(m.asMap())}
			_ = json.Unmarshal(m.asMap()["slug"], &e.Slug)
		}
		e.Items++
	}
	for _, f := range spec.optional {
		if renamed[f] && !seenOptional[f] {
			if e == nil {
				m := items[renamedAt].asMap()
				e = &FieldsError{Resource: resource, First: renamedAt + 1, Keys: keysOf(m), Items: len(items)}
				_ = json.Unmarshal(m["slug"], &e.Slug)
			}
			missing[f] = true
		}
	}
	if e == nil {
		return nil
	}
	e.Of = len(items)
	for _, f := range append(append([]string{}, spec.required...), spec.optional...) {
		if missing[f] {
			e.Missing = append(e.Missing, f)
		}
	}
	return e
}

// respelled are the fields among optional that key is another spelling of (see sameStem), worked out once
// per distinct key of a listing (memo): the items of a listing carry the same keys.
func respelled(memo map[string][]string, optional []string, key string) []string {
	fs, ok := memo[key]
	if !ok {
		for _, f := range optional {
			if key != f && sameStem(key, f) {
				fs = append(fs, f)
			}
		}
		memo[key] = fs
	}
	return fs
}

// separators are dropped when keys are compared (sameStem); built once, it is used for every key of every
// listed item.
var separators = strings.NewReplacer("_", "", "-", "")

// sameStem reports whether key is another spelling of field: the same letters in another case or with
// separators (`subcategory_id`), or the field without its Id suffix (`subcategory`, an embedded object).
func sameStem(key, field string) bool {
	norm := func(s string) string { return strings.ToLower(separators.Replace(s)) }
	k, f := norm(key), norm(field)
	return k == f || k == strings.TrimSuffix(f, "id") || k == strings.TrimSuffix(f, "ids")+"s"
}
