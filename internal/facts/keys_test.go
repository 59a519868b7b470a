package facts

import "testing"

// Every API key in a text is masked, whoever's; a placeholder in an example is left as written.
func TestMaskKeys(t *testing.T) {
	in := "old sa_live_Zq8v2LmN4pR7sT9wX1yB3dF5, test sa_test_0123456789abcdef0123, example sa_test_XXXXXXXXXXXXXXXX."
	want := "old sa_live_Zq…F5, test sa_test_01…23, example sa_test_XXXXXXXXXXXXXXXX."
	if got := MaskKeys(in); got != want {
		t.Errorf("MaskKeys =\n%q\nwant\n%q", got, want)
	}
	if s := "no key here"; MaskKeys(s) != s {
		t.Error("a text without a key changed")
	}
}
