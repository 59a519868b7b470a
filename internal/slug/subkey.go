package slug

// SubKey names a subcategory: its slug is unique only within its category, so the pair is the key
// wherever subcategories of the tree and of the KB are matched.
type SubKey struct {
	Category string // the category's slug
	Sub      string // the subcategory's slug
}

// Sub is the key of subcategory sub of category cat.
func Sub(cat, sub string) SubKey { return SubKey{Category: cat, Sub: sub} }

// String is the key as people read it: "category/subcategory".
func (k SubKey) String() string { return k.Category + "/" + k.Sub }
