package kb

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// timeLayouts are the timestamp forms accepted in replies, after RFC 3339 with a zone: the same without a
// zone (read as UTC), with a space instead of the T, and a bare date.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// ParseTimestamp reads a timestamp as an API might send it: RFC 3339 with or without zone and fractional
// seconds, or Unix seconds or milliseconds (as a number or a numeric string). ok is false for anything else
// (and for null); such a timestamp is "unknown", never a reason to fail a listing.
func ParseTimestamp(raw json.RawMessage) (t time.Time, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false
	}
	var s string
	switch n := len(raw); {
	case raw[0] != '"':
		s = string(raw)
	case n >= 2 && raw[n-1] == '"' && bytes.IndexByte(raw[1:n-1], '\\') < 0:
		s = strings.TrimSpace(string(raw[1 : n-1])) // no escape to resolve: the common case of a listing's every item
	default:
		var escaped string // its own variable: the address taken here would put s on the heap for every call
		if err := json.Unmarshal(raw, &escaped); err != nil {
			return time.Time{}, false
		}
		s = strings.TrimSpace(escaped)
	}
	if f, ok := number(s); ok {
		if f <= 0 {
			return time.Time{}, false
		}
		// Below 10^11 a number is seconds (up to the year 5138); above, milliseconds.
		if f < 1e11 {
			return time.UnixMilli(int64(f * 1000)).UTC(), true
		}
		return time.UnixMilli(int64(f)).UTC(), true
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// number reads s as a number. No number has a colon, so an RFC 3339 time, in every item of a listing, is
// spared a failed ParseFloat (and its error).
func number(s string) (float64, bool) {
	if strings.IndexByte(s, ':') >= 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// UnmarshalJSON reads an article tolerantly: a timestamp in an unexpected form becomes the zero time (or
// nil) and is named in UnknownTimes, instead of failing the whole listing.
func (a *Article) UnmarshalJSON(b []byte) error {
	var w articleWire
	if !scanArticle(b, &w) {
		w = articleWire{}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
	}
	a.fromWire(&w)
	return nil
}

// fromWire sets a to the article read into w, its timestamps parsed.
func (a *Article) fromWire(w *articleWire) {
	*a = Article(w.plainArticle)
	a.UnknownTimes = nil
	read := func(name string, raw json.RawMessage) (time.Time, bool) {
		t, ok := ParseTimestamp(raw)
		if !ok && len(raw) > 0 && string(bytes.TrimSpace(raw)) != "null" {
			a.UnknownTimes = append(a.UnknownTimes, name)
		}
		return t, ok
	}
	a.CreatedAt, _ = read("createdAt", w.CreatedAt)
	a.UpdatedAt, _ = read("updatedAt", w.UpdatedAt)
	if t, ok := read("publishedAt", w.PublishedAt); ok {
		a.PublishedAt = &t
	}
	if t, ok := read("lastReviewedAt", w.LastReviewedAt); ok {
		a.LastReviewedAt = &t
	}
}

// UnmarshalJSON reads the article (tolerantly, see Article.UnmarshalJSON) and the score; without it the
// embedded Article's method would swallow the score.
func (r *SearchResult) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &r.Article); err != nil {
		return err
	}
	var s struct {
		Score float64 `json:"score"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	r.Score = s.Score
	return nil
}
