// Package conformance checks the KB API client (package kb) from outside, against a whole server: the
// emulator on loopback (package emulator/emulatortest), or, with the build tag live and a key, a real
// tenant. The client's own tests never start the emulator; the ones that need a full server live here.
package conformance
