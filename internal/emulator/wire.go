package emulator

import "time"

// The emulator's wire format: the objects it stores and serves, written from ../shared/atender-kb-api.md on
// the server's side. They are deliberately not the client's types (package kb): the emulator is the other
// end of the contract, so a field the client renames must break against it, not silently follow along.

// maxPageSize is the largest page the API serves (stated: limit ≤ 100).
const maxPageSize = 100

// Category is a KB category as served.
type Category struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
	SortOrder   int    `json:"sortOrder"`
}

// Subcategory is a KB subcategory as served.
type Subcategory struct {
	ID          string `json:"id"`
	CategoryID  string `json:"categoryId"`
	Title       string `json:"title"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
	SortOrder   int    `json:"sortOrder"`
}

// Tag is a KB tag as served.
type Tag struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Article is a KB article as served, with the server's computed fields (id, timestamps).
type Article struct {
	ID             string     `json:"id"`
	Title          string     `json:"title"`
	Slug           string     `json:"slug"`
	Summary        string     `json:"summary"`
	Content        string     `json:"content"`
	CategoryID     string     `json:"categoryId"`
	SubcategoryID  string     `json:"subcategoryId,omitempty"`
	TagIDs         []string   `json:"tagIds"`
	Keywords       []string   `json:"keywords"`
	Status         string     `json:"status"`
	CreatedAt      time.Time  `json:"createdAt"`
	UpdatedAt      time.Time  `json:"updatedAt"`
	PublishedAt    *time.Time `json:"publishedAt,omitempty"`
	LastReviewedAt *time.Time `json:"lastReviewedAt,omitempty"`
}
