package kb

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// scanInputs are valid JSON values with what a server may put in them: escapes in keys and values, repeated
// keys, nesting, odd spacing, keys in other letter cases, non-objects.
var scanInputs = []string{
	`{}`, ` { } `, `null`, `"x"`, `1`, `[1,2]`, `true`,
	`{"id":"a","slug":"s"}`,
	" {\n\t\"id\" : \"a\" ,\r\n \"slug\":\"s\" } ",
	`{"id":"a","id":"b"}`,
	`{"ID":"a","Slug":"s","id":"c"}`,
	`{"id":"a","ſlug":"long s","\u0069d":"escaped key"}`,
	`{"k\"q":"v\"w\\","n":{"a":[1,{"b":"}]"}],"c":"{["},"m":[[],{}],"x":-1.5e3,"t":true,"f":false,"z":null}`,
	`{"key with space":"  v  ","é":"ü","\ud83d\ude00":"emoji"}`,
	"{\"bad\xffutf8\":1,\"ok\":2}",
	`{"tagIds":["a","b"],"keywords":[],"subcategoryId":null,"content":"line\nnext \u2028"}`,
}

func TestScanObjectReadsAsEncodingJSON(t *testing.T) {
	for _, in := range scanInputs {
		var want map[string]json.RawMessage
		err := json.Unmarshal([]byte(in), &want)
		o := scanObject([]byte(in))
		if isObj := bytes.HasPrefix(bytes.TrimSpace([]byte(in)), []byte("{")); isObj != (o != nil) || (isObj && err != nil) {
			t.Fatalf("%s: scanObject nil=%v, encoding/json error %v", in, o == nil, err)
		}
		if o == nil {
			continue
		}
		got := o.asMap()
		if len(got) != len(want) {
			t.Errorf("%s: %d keys, encoding/json %d", in, len(got), len(want))
		}
		for k, v := range want {
			if g, ok := o.get(k); !ok || !bytes.Equal(g, v) {
				t.Errorf("%s: key %q = %s, encoding/json %s", in, k, g, v)
			}
		}
	}
}

func TestItemHeadReadsAsEncodingJSON(t *testing.T) {
	for _, in := range scanInputs {
		var want struct {
			ID   json.RawMessage `json:"id"`
			Slug json.RawMessage `json:"slug"`
		}
		err := json.Unmarshal([]byte(in), &want)
		_, id, slug, ok := itemHead([]byte(in))
		if ok != (err == nil) || !bytes.Equal(id, want.ID) || !bytes.Equal(slug, want.Slug) {
			t.Errorf("%s: itemHead %s %s %v, encoding/json %s %s %v", in, id, slug, ok, want.ID, want.Slug, err)
		}
	}
}

func TestScanArrayReadsAsEncodingJSON(t *testing.T) {
	for _, in := range append([]string{`[]`, ` [ ] `, `[ {"a":"]"} , "x,y" ,1,null,[[]] ]`}, scanInputs...) {
		var want []json.RawMessage
		if json.Unmarshal([]byte(in), &want) != nil || in == "null" {
			continue
		}
		got := scanArray([]byte(in))
		if len(got) != len(want) || got == nil {
			t.Fatalf("%s: %d elements, encoding/json %d", in, len(got), len(want))
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Errorf("%s: element %d = %s, encoding/json %s", in, i, got[i], want[i])
			}
		}
	}
}

// articleInputs are article items a server may send: the assumed dialect, escapes, repeated keys, nulls,
// empty lists, other letter cases, wrong types, unknown keys.
var articleInputs = []string{
	`{"id":"art_1","title":"T","slug":"t","summary":"","content":"a\nb \"q\" \u00e9 \ud83d\ude00","categoryId":"cat_1","subcategoryId":null,"tagIds":["t1","t2"],"keywords":[],"status":"published","createdAt":"2026-01-02T03:04:05Z","updatedAt":1700000000,"publishedAt":null,"kbId":"kb","views":3,"meta":{"a":[1]}}`,
	`{"id":"a","title":"first","title":"second","tagIds":["x"],"tagIds":null,"keywords":null}`,
	`{"id":"a","Title":"other case"}`,
	`{"id":"a","TITLE":"upper","title":"exact"}`,
	`{"id":"a","tagIds":[null]}`,
	`{"id":"a","tagIds":[1]}`,
	`{"id":1}`,
	`{"id":"a","title":null}`,
	"{\"id\":\"a\",\"title\":\"bad\xffutf8\"}",
	`{"id":"a","content":"line\u2028sep\/slash\\back"}`,
	`{}`, `null`, `[]`, `"s"`, `{"id":"a"`,
	` { "id" : "a" , "keywords" : [ "k1" , "k2" ] } `,
}

func TestArticleDecodeReadsAsEncodingJSON(t *testing.T) {
	for _, in := range articleInputs {
		var want articleWire
		wantErr := json.Unmarshal([]byte(in), &want)
		var got articleWire
		if !scanArticle([]byte(in), &got) {
			continue // encoding/json reads it
		}
		if wantErr != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\nscanned       %+v\nencoding/json %+v (%v)", in, got, want, wantErr)
		}
	}
	// The assumed dialect is read by the scanner, not handed to encoding/json.
	var w articleWire
	if !scanArticle([]byte(articleInputs[0]), &w) {
		t.Error("an item of the assumed dialect was not scanned")
	}
}

// The scanner reads JSON already found valid, but no input makes it panic: every cut of every input above.
func TestScanNeverPanics(t *testing.T) {
	for _, in := range append(append([]string{}, scanInputs...), articleInputs...) {
		for n := range len(in) {
			b := []byte(in[:n])
			scanObject(b)
			scanArray(b)
			itemHead(b)
			var w articleWire
			scanArticle(b, &w)
		}
	}
}

// unquote resolves a JSON string's escapes as encoding/json does, surrogates and invalid UTF-8 included.
func TestUnquoteReadsAsEncodingJSON(t *testing.T) {
	ins := []string{``, `plain`, `é ü 😀`, `a\nb\tc\rd\be\ff\/g\\h\"i`, `\u0041\u00e9\u20AC`, `\ud83d\ude00`, `\ud83d`, `\ud83dx`,
		`\ude00`, `\ud83d\u0041`, `\ud83d\ud83d\ude00`, "bad\xff\xfeutf8", "\xed\xa0\x80", `x\u2028y`, `\\u0041`}
	tokens := []string{`a`, ` `, `é`, "\xff", "\xc3", `\n`, `\"`, `\\`, `\/`, `\t`, `\u0041`, `\u00E9`, `\ud83d`, `\ude00`, `\uDBFF`, `\uDFFF`, `\u0000`, `\uffff`, `u`}
	for i := range 3000 { // those pieces in pseudo-random order
		var b string
		for j := range i % 9 {
			b += tokens[(i*7+j*13+j*j*3)%len(tokens)]
		}
		ins = append(ins, b)
	}
	for _, in := range ins {
		q := `"` + in + `"`
		if !json.Valid([]byte(q)) {
			continue
		}
		var want string
		if err := json.Unmarshal([]byte(q), &want); err != nil {
			t.Fatal(err)
		}
		if got, ok := unquote([]byte(in)); !ok || got != want {
			t.Errorf("%q: unquote %q %v, encoding/json %q", in, got, ok, want)
		}
	}
}
