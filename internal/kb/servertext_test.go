package kb_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/atender/atender/internal/kb"
)

// A server's error text cannot reorder or hide what a terminal, a log or a summary shows: bidi overrides,
// isolates and zero-width characters in the code, the message and the request id become spaces, as line
// breaks and escapes do.
func TestServerErrorTextLosesInvisibleCharacters(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		fmt.Fprint(w, `{"error":{"code":"BAD\u202eDOG","message":"pay\u202e 0001 \u2066to\u2069 me\u200bnow\u0085\u001b[2J","requestId":"req\u202e\n::x"}}`)
	})
	_, err := srv.client().ListTags(context.Background())
	var ae *kb.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want an APIError, got %v", err)
	}
	if ae.Message != "pay 0001 to me now [2J" || ae.Code != "BAD DOG" || ae.RequestID != "req ::x" {
		t.Errorf("code %q, message %q, request id %q", ae.Code, ae.Message, ae.RequestID)
	}
}
