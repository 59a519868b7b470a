package kb

import (
	"bytes"
	"encoding/json"
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
		id, slug, ok := itemHead([]byte(in))
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
