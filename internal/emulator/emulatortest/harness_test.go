package emulatortest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// recTB records the errors an Expect method reports, so a test can check that it fails when it should.
type recTB struct {
	testing.TB
	errs []string
}

func (r *recTB) Helper()                      {}
func (r *recTB) Errorf(f string, args ...any) { r.errs = append(r.errs, fmt.Sprintf(f, args...)) }

func do(t *testing.T, c *http.Client, method, url, key, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestExpectationsPassAndFail(t *testing.T) {
	h := Start(t, Options{})
	c := http.DefaultClient
	if code, _ := do(t, c, "POST", h.URL+"/categories", h.WriteKey, `{"title":"Billing"}`); code != 201 {
		t.Fatal(code)
	}
	cat := h.Snapshot().Categories[0].ID
	post := func() string {
		_, body := do(t, c, "POST", h.URL+"/articles", h.WriteKey, `{"title":"FAQ","content":"x","categoryId":"`+cat+`"}`)
		return body
	}
	post()
	h.ExpectRequests(t, "POST /articles", 1)
	h.ExpectWrites(t, 2)
	h.ExpectNoDuplicates(t)
	h.ExpectDuplicatesAtOnce(t, 0)

	rec := &recTB{TB: t}
	h.ExpectRequests(rec, "POST /articles", 2)
	h.ExpectWrites(rec, 1)
	if len(rec.errs) != 2 || !strings.Contains(rec.errs[0], "POST /articles → 201") {
		t.Fatalf("failing expectations: %q", rec.errs)
	}

	// Two duplicates at once, then one deleted: the high-water mark stays 2.
	post()
	post()
	rec = &recTB{TB: t}
	h.ExpectNoDuplicates(rec)
	h.ExpectDuplicatesAtOnce(rec, 1)
	if len(rec.errs) != 2 || !strings.Contains(rec.errs[0], "faq-1 beside faq") || !strings.Contains(rec.errs[1], "2 duplicates existed at once") {
		t.Fatalf("duplicate expectations: %q", rec.errs)
	}
	for _, a := range h.Articles() {
		if a.Slug != "faq" {
			do(t, c, "DELETE", h.URL+"/articles/"+a.ID, h.WriteKey, "")
		}
	}
	h.ExpectNoDuplicates(t)
	if now, most := h.Duplicates(""); now != 0 || most != 2 {
		t.Fatalf("Duplicates = %d, %d; want 0 now, 2 at most", now, most)
	}
}

// Under StartTLS a redirect points at the plain-http listener of the same emulator, and a client that
// follows it (Go's default client does, key included) is caught.
func TestStartTLSRedirectsToPlainHTTP(t *testing.T) {
	sh, _ := ParseShapes("redirect-307")
	h := StartTLS(t, Options{Shapes: sh})
	if !strings.HasPrefix(h.URL, "https://127.0.0.1:") || !strings.HasPrefix(h.Plain.URL, "http://127.0.0.1:") {
		t.Fatalf("URLs: %s, %s", h.URL, h.Plain.URL)
	}
	noFollow := *h.HTTP.Client()
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if code, _ := do(t, &noFollow, "GET", h.URL+"/tags", h.WriteKey, ""); code != 307 {
		t.Fatalf("GET over https: %d, want 307", code)
	}
	h.ExpectNothingFollowed(t)

	if code, _ := do(t, h.HTTP.Client(), "GET", h.URL+"/tags", h.WriteKey, ""); code != 200 {
		t.Fatalf("a following client: %d", code)
	}
	rec := &recTB{TB: t}
	h.ExpectNothingFollowed(rec)
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "followed a redirect") {
		t.Fatalf("ExpectNothingFollowed: %q", rec.errs)
	}
}
