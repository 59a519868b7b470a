package kb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sync"
)

// DecodeListing decodes the items of a whole listing of GET /{resource} (ListAll) into T. It is the one
// listing decoder: the List* methods, the inventory that kb sync and kb pull plan on, and atender doctor
// (CheckListing) all read items through it, so that doctor's "ok" means sync can read the listing. It
// refuses, as a *ListingError naming the item and the key (never its value):
//   - items lacking a key kb sync compares (CheckFields);
//   - a compared key holding another JSON type than atender reads: a number or an object where a string
//     belongs (`"subcategoryId": {…}`), a list entry that is not a string (`"keywords": [1]`,
//     `"tagIds": [null]`). Read anyway, such a value would become "" or fail later, mid-plan;
//   - an item that does not fit T at all.
func DecodeListing[T any](resource string, items []json.RawMessage) ([]T, error) {
	return decodeListing[T](resource, items, objects(items))
}

// decodeListing is DecodeListing on items already split into their members (objs, in the same order).
func decodeListing[T any](resource string, items []json.RawMessage, objs []object) ([]T, error) {
	if fe := checkFields(resource, objs); fe != nil {
		return nil, &ListingError{Msg: fe.Error()}
	}
	out, errs := make([]T, len(items)), make([]error, len(items))
	inParallel(len(items), func(i int) {
		errs[i] = decodeItem(resource, i, items[i], objs[i], &out[i])
		objs[i] = nil // read: its memory may go while the rest is decoded
	})
	for _, err := range errs {
		if err != nil {
			return nil, err // the first item's in listing order, as if they were read one by one
		}
	}
	return out, nil
}

// inParallel calls f for every i in [0, n), on every CPU in contiguous chunks: the items of a listing are
// independent, and a large one would otherwise be decoded on one core while the others wait.
func inParallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				f(i)
			}
		}(w*n/workers, (w+1)*n/workers)
	}
	wg.Wait()
}

// decodeItem checks item i of a listing (o: its members) with checkKinds and decodes it into v. The listing
// was parsed as JSON already, so an article is read from its members (as Article.UnmarshalJSON reads it,
// see scanArticle), and a type with its own decoder is handed the item directly rather than checked once
// more. An article its members read in the assumed dialect needs no checkKinds: articleMembers accepts only
// a string (or null) for every compared key, and a list of strings (or null) for tagIds and keywords.
func decodeItem[T any](resource string, i int, it json.RawMessage, o object, v *T) error {
	if a, ok := any(v).(*Article); ok {
		var w articleWire
		if articleMembers(o, &w) {
			a.fromWire(&w)
			return nil
		}
	}
	if err := checkKinds(resource, i, o); err != nil {
		return err
	}
	var err error
	if u, ok := any(v).(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(it)
	} else {
		err = json.Unmarshal(it, v)
	}
	if err != nil {
		return listingErr("GET /%s: item %d of the listing does not fit: %v", resource, i+1, err)
	}
	return nil
}

// CheckListing decodes items of GET /{resource} as DecodeListing does into the type kb sync reads them as,
// and returns its error: atender doctor's check of a listing is sync's reading of it.
func CheckListing(resource string, items []json.RawMessage) error {
	var err error
	switch resource {
	case "categories":
		_, err = DecodeListing[Category](resource, items)
	case "subcategories":
		_, err = DecodeListing[Subcategory](resource, items)
	case "tags":
		_, err = DecodeListing[Tag](resource, items)
	case "articles":
		_, err = DecodeListing[Article](resource, items)
	default:
		err = fmt.Errorf("CheckListing: %q is not a listed resource", resource)
	}
	return err
}

// checkKinds checks the JSON type of every compared key an item carries (see DecodeListing). Items that are
// not objects are left to the decoder.
func checkKinds(resource string, i int, m object) error {
	spec := itemFields[resource]
	if m == nil {
		return nil
	}
	for _, f := range slices.Concat(spec.required, spec.optional) {
		v, ok := m.get(f)
		if !ok || isNull(v) {
			continue // absence and null are CheckFields' concern
		}
		var prob string
		switch {
		case !slices.Contains(spec.lists, f):
			if k := jsonKind(v); k != "a string" {
				prob = fmt.Sprintf("%q is %s where a string belongs", f, k)
			}
		case jsonKind(v) != "a list":
			prob = fmt.Sprintf("%q is %s where a list of strings belongs", f, jsonKind(v))
		default:
			for j, e := range scanArray(v) {
				if k := jsonKind(e); k != "a string" {
					prob = fmt.Sprintf("%q entry %d is %s where a string belongs", f, j+1, k)
					break
				}
			}
		}
		if prob != "" {
			which := fmt.Sprintf("item %d", i+1)
			var slug string
			if raw, _ := m.get("slug"); json.Unmarshal(raw, &slug) == nil && slug != "" {
				which += fmt.Sprintf(" (slug %q)", slug)
			}
			return listingErr("GET /%s: %s: %s; kb sync compares %s with the files and cannot read it, so nothing is planned on this listing. The server sends its fields otherwise than atender assumes: run `atender doctor` and report it",
				resource, which, prob, f)
		}
	}
	return nil
}

// jsonKind names the JSON type of a value, for messages that must not show the value itself.
func jsonKind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "empty"
	}
	switch v[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	return "a number"
}
