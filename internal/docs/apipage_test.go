package docs

import (
	"slices"
	"strings"
	"testing"
)

// Mintlify renders a page whose frontmatter names an OpenAPI (or AsyncAPI) operation from the spec, so such a
// page has no text of its own. It cannot become an article: it is left out with a warning at the field that
// names the operation, counted, and it holds its article (never pruned). A page with text of its own is an
// article as usual.
func TestOpenAPIPagesWithoutTextAreLeftOutAndNamed(t *testing.T) {
	tr := load(t, map[string]string{
		"docs.json":       `{"navigation": {"groups": [{"group": "API", "pages": ["api/list", "api/get"]}]}}`,
		"api/list.mdx":    "---\ntitle: List things\nopenapi: \"/openapi.json GET /things\"\n---\n",
		"api/socket.mdx":  "---\ntitle: Socket\ndescription: Live.\nasyncapi: \"/asyncapi.yaml channelOne\"\n---\n\n",
		"api/get.mdx":     "---\ntitle: Get a thing\nopenapi: GET /things/{id}\n---\n\nReturns one thing.\n",
		"guide/empty.mdx": "---\ntitle: Empty\n---\n",
		"guide/intro.mdx": "---\ntitle: Intro\n---\n\nText.\n",
	}, Options{Preset: "mintlify", DefaultCategory: "General"})
	wantDiag(t, tr, "api/list.mdx", 3, SevWarning, `page generated from the OpenAPI operation "/openapi.json GET /things" has no text of its own: left out of the sync`)
	wantDiag(t, tr, "api/socket.mdx", 4, SevWarning, `"/asyncapi.yaml channelOne" has no text of its own`)
	// An empty page that names no operation is published by Mintlify with its title alone: left out too,
	// with its own warning and reason (one placeholder page must not stop the tree's sync).
	wantDiag(t, tr, "guide/empty.mdx", 4, SevWarning, "empty body: the page is left out of the sync")
	noErrors(t, tr)
	if n, e := tr.LeftOut[ReasonAPIPage], tr.LeftOut[ReasonEmpty]; n != 2 || e != 1 {
		t.Errorf("left out %v: want 2 %q and 1 %q", tr.LeftOut, ReasonAPIPage, ReasonEmpty)
	}
	if !slices.Contains(tr.Held, "api-list") || !slices.Contains(tr.Held, "api-socket") {
		t.Errorf("held %v: an OpenAPI page left out must hold its article", tr.Held)
	}
	if p := page(t, tr, "api/get.mdx"); p.Content == "" {
		t.Errorf("api/get.mdx has text of its own and must be an article")
	}
}

// A Mintlify page whose `url:` sends its sidebar entry to another site (pipecat's Android SDK reference,
// hosted at docs-android.rtvi.ai) has no text of its own: it is left out, named and counted as an external
// link page, not an empty-body error that stopped the sync of all 456 pages. Under another generator
// `url:` means nothing of the kind (Hugo's is the page's own URL).
func TestMintlifyExternalLinkPagesAreLeftOutAndNamed(t *testing.T) {
	files := map[string]string{
		"docs.json":       `{"navigation": {"groups": [{"group": "SDK", "pages": ["sdk/android", "sdk/intro"]}]}}`,
		"sdk/android.mdx": "---\ntitle: \"Android SDK Reference\"\nsidebarTitle: \"API Reference\"\nurl: \"https://docs-android.rtvi.ai/\"\n---\n",
		"sdk/intro.mdx":   "---\ntitle: Intro\nurl: \"https://example.com/\"\n---\n\nText of its own.\n",
	}
	tr := load(t, files, Options{Preset: "mintlify", DefaultCategory: "General"})
	noErrors(t, tr)
	wantDiag(t, tr, "sdk/android.mdx", 4, SevWarning, `page generated from its link to https://docs-android.rtvi.ai/ has no text of its own: left out of the sync`)
	if n := tr.LeftOut[ReasonLinkPage]; n != 1 {
		t.Errorf("left out %v: want 1 %q", tr.LeftOut, ReasonLinkPage)
	}
	if p := page(t, tr, "sdk/intro.mdx"); p.Content == "" {
		t.Errorf("sdk/intro.mdx has text of its own and must be an article")
	}
	tr = load(t, map[string]string{"a/b.md": "---\ntitle: B\nurl: /b/\n---\n"}, Options{Preset: "hugo", DefaultCategory: "General"})
	if tr.LeftOut[ReasonLinkPage] != 0 {
		t.Errorf("hugo: %v", tr.LeftOut)
	}
}

// Traceloop's Mintlify docs hold 50 pages that are only `openapi: get /v2/…` (pipecat's 17, "POST /agents"):
// Mintlify renders them from openapi.json, which is in the repository. So does atender now: the page's
// article is the operation (method and path, summary, description, parameters, request body fields,
// responses), found in the spec the page names or, without one, in a file called like openapi*.json in the
// site folder; its links are resolved like any page's. An operation no spec holds still leaves its page
// out, named.
func TestOpenAPIPagesAreWrittenFromTheSpecInTheRepository(t *testing.T) {
	spec := `{"openapi": "3.0.0", "paths": {
  "/v2/things/{id}": {
    "parameters": [{"$ref": "#/components/parameters/ID"}],
    "put": {"summary": "Update a thing", "description": "Replaces the thing. See [the intro](/guide/intro).",
      "parameters": [{"name": "dry_run", "in": "query", "schema": {"type": "boolean"}, "description": "Only check."}],
      "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
      "responses": {"200": {"description": "OK"}, "404": {"$ref": "#/components/responses/NotFound"}}}}},
  "components": {
    "parameters": {"ID": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "The thing's id."}},
    "schemas": {"Thing": {"type": "object", "required": ["name"], "properties": {
      "name": {"type": "string", "description": "Its name."}, "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}}},
      "Tag": {"type": "string"}},
    "responses": {"NotFound": {"description": "No such thing"}}}}`
	tr := load(t, map[string]string{
		"docs.json":                  `{"navigation": {"groups": [{"group": "API", "pages": ["api/update", "api/gone"]}]}}`,
		"api-reference/openapi.json": spec,
		"api/update.mdx":             "---\ntitle: Update a thing\nopenapi: put /v2/things/{id}\n---\n",
		"api/gone.mdx":               "---\ntitle: Gone\nopenapi: DELETE /v2/things/{id}\n---\n",
		"guide/intro.mdx":            "---\ntitle: Intro\n---\n\nText.\n",
	}, Options{Preset: "mintlify", DefaultCategory: "API"})
	noErrors(t, tr)
	c := page(t, tr, "api/update.mdx").Content
	for _, w := range []string{
		"`PUT /v2/things/{id}`", "Update a thing", "Replaces the thing. See [the intro](/knowledge/" + page(t, tr, "guide/intro.mdx").Slug + ").",
		"- `id` (path, string, required): The thing's id.", "- `dry_run` (query, boolean): Only check.",
		"**Request body** (application/json)", "- `name` (string, required): Its name.", "- `tags` (array of Tag)",
		"- `200`: OK", "- `404`: No such thing",
	} {
		if !strings.Contains(c, w) {
			t.Errorf("content lacks %q:\n%s", w, c)
		}
	}
	if p := page(t, tr, "api/update.mdx"); p.Summary != "Update a thing" {
		t.Errorf("summary %q: the operation's summary comes first", p.Summary)
	}
	if n := tr.LeftOut[ReasonAPIPage]; n != 1 {
		t.Errorf("left out %v: want only api/gone.mdx as an OpenAPI page", tr.LeftOut)
	}
}

// A key in the spec is published with the page written from it: it is a secret error at the page's
// openapi: line, naming the spec and the operation, the key masked (as a key written in a page is).
func TestAKeyInTheOpenAPISpecIsAnError(t *testing.T) {
	live := "sa_" + "live_" + "9f8e7d6c5b4a39281706f5e4d3c2b1a0" // built here: no fixture holds a key
	tr := load(t, map[string]string{
		"docs.json":    `{"navigation": {"groups": [{"group": "API", "pages": ["api/me"]}]}}`,
		"openapi.json": `{"paths": {"/me": {"get": {"summary": "Who am I", "description": "Send Authorization: Bearer ` + live + `"}}}}`,
		"api/me.mdx":   "---\ntitle: Me\nopenapi: GET /me\n---\n",
	}, Options{Preset: "mintlify", DefaultCategory: "API"})
	wantDiag(t, tr, "api/me.mdx", 3, SevError, "an API key (sa_live_9f…a0) is in the OpenAPI spec openapi.json (operation GET /me), which this page is written from")
	if strings.Contains(diagText(tr), live) {
		t.Errorf("the key is shown in full:\n%s", diagText(tr))
	}
}
