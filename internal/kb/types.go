// Package kb is the Atender Knowledge Base API contract as this project targets it: wire types, typed
// errors, tolerant-but-suspicious decoding, and a client with retries and client-side rate limiting.
//
// The client is split by concern: client.go (options, the call loop), retry.go (the retry policy as a pure
// function), transport.go (one attempt: request, bounded read, headers), decode.go and page.go (reply
// shapes and the paging contract), listing.go (the one pager, ListAll), fields.go and items.go (the one
// listing decoder, DecodeListing), endpoints.go (one method per API call), ratelimit.go (the limiter).
//
// Every assumption about the API (paths, envelopes, field names) lives in this package and in its emulator
// (package emulator), nowhere else. ../shared/atender-kb-api.md says which parts Atender states and which are
// assumed; where this file assumes, a comment says so.
package kb

import "time"

// Category is a KB category as read (stated fields).
type Category struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
	SortOrder   int    `json:"sortOrder"`
}

// Subcategory is a KB subcategory as read (assumed field names).
type Subcategory struct {
	ID          string `json:"id"`
	CategoryID  string `json:"categoryId"`
	Title       string `json:"title"`
	Slug        string `json:"slug"`
	Description string `json:"description"`
	SortOrder   int    `json:"sortOrder"`
}

// Tag is a KB tag as read (assumed field names).
type Tag struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// Article is a KB article as read. Reads carry computed fields (id, timestamps), which is why a read object
// is never sent back as a write body: Atender rejects unknown keys with 400.
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
	// UnknownTimes names the timestamps the server sent in a form ParseTimestamp cannot read; they are
	// zero (or nil) above. Unknown is not a failure: nothing in a sync depends on a timestamp alone.
	UnknownTimes []string `json:"-"`
}

// CategoryInput is the body of POST /categories (an upsert by slug) and the source of a CategoryPatch.
type CategoryInput struct {
	Title       string `json:"title"`
	Slug        string `json:"slug,omitempty"`
	Description string `json:"description,omitempty"`
	SortOrder   *int   `json:"sortOrder,omitempty"`
}

// CategoryPatch is the body of PATCH /categories/{id}: nil fields are left alone.
type CategoryPatch struct {
	Title       *string `json:"title,omitempty"`
	Slug        *string `json:"slug,omitempty"`
	Description *string `json:"description,omitempty"`
	SortOrder   *int    `json:"sortOrder,omitempty"`
}

// SubcategoryInput is the body of POST /subcategories.
type SubcategoryInput struct {
	CategoryID  string `json:"categoryId"`
	Title       string `json:"title"`
	Slug        string `json:"slug,omitempty"`
	Description string `json:"description,omitempty"`
	SortOrder   *int   `json:"sortOrder,omitempty"`
}

// SubcategoryPatch is the body of PATCH /subcategories/{id}.
type SubcategoryPatch struct {
	CategoryID  *string `json:"categoryId,omitempty"`
	Title       *string `json:"title,omitempty"`
	Slug        *string `json:"slug,omitempty"`
	Description *string `json:"description,omitempty"`
	SortOrder   *int    `json:"sortOrder,omitempty"`
}

// TagInput is the body of POST /tags.
type TagInput struct {
	Name string `json:"name"`
	Slug string `json:"slug,omitempty"`
}

// TagPatch is the body of PATCH /tags/{id}.
type TagPatch struct {
	Name *string `json:"name,omitempty"`
	Slug *string `json:"slug,omitempty"`
}

// ArticleCreate is the body of POST /articles. Atender never deduplicates slugs on create: posting an
// existing slug makes a second article suffixed -1, so callers must list before they create.
type ArticleCreate struct {
	Title         string   `json:"title"`
	Slug          string   `json:"slug,omitempty"`
	Summary       string   `json:"summary,omitempty"`
	Content       string   `json:"content"`
	CategoryID    string   `json:"categoryId"`
	SubcategoryID string   `json:"subcategoryId,omitempty"`
	TagIDs        []string `json:"tagIds,omitempty"`
	Keywords      []string `json:"keywords,omitempty"`
	Status        string   `json:"status,omitempty"`
}

// ArticlePatch is the body of PATCH /articles/{id}: nil fields are left alone. List fields replace the whole
// list, so TagIDs and Keywords, when set, must hold the complete list. A title change regenerates the slug on
// Atender's side unless Slug is sent in the same PATCH.
type ArticlePatch struct {
	Title         *string   `json:"title,omitempty"`
	Slug          *string   `json:"slug,omitempty"`
	Summary       *string   `json:"summary,omitempty"`
	Content       *string   `json:"content,omitempty"`
	CategoryID    *string   `json:"categoryId,omitempty"`
	SubcategoryID *string   `json:"subcategoryId,omitempty"` // "" clears it: sent as null (see wire.go)
	TagIDs        *[]string `json:"tagIds,omitempty"`
	Keywords      *[]string `json:"keywords,omitempty"`
	Status        *string   `json:"status,omitempty"`
}

// ListArticlesOptions filters GET /articles. Archived articles are left out unless IncludeArchived is set.
type ListArticlesOptions struct {
	IncludeArchived bool
	Status          string
	CategoryID      string
}

// SearchResult is one hit of GET /search (assumed shape: the article plus a score).
type SearchResult struct {
	Article
	Score float64 `json:"score"`
}

// Ptr returns a pointer to v; handy for building patches.
func Ptr[T any](v T) *T { return &v }
