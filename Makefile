# The Makefile is the CI contract: .ci/run calls `make ci`, which runs what the README promises.
GO        ?= go
BIN       := bin/atender
GOBIN     ?= $(shell $(GO) env GOPATH)/bin
STATICCHECK_VERSION := v0.8.2
ACTIONLINT_VERSION  := v1.7.12
# goreleaser runs as a pinned tool (go run …@version), never a dependency of the module; the release
# workflow pins the same version.
GORELEASER_VERSION  := v2.17.0
GORELEASER_MAJOR    := 2
# The release targets of .goreleaser.yaml: `make cross` vets and builds each, so a break on one fails here.
CROSS_TARGETS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64

.PHONY: build install test test-short lint fmt-check fuzz-seeds bench demo tools ci clean cross snapshot

build:
	$(GO) build -o $(BIN) ./cmd/atender

install:
	$(GO) install ./cmd/atender

## test: every test, with the race detector (the README's test command); the whole-corpus walks, which are
## built without it (//go:build !race, see internal/cli/kbcmd/corpora_preset_test.go), run after it without
## (internal/facts checks that this line selects every such test).
## A race-enabled program sleeps at exit (the race runtime's atexit_sleep_ms, 1000 by default) so that a
## report still being written is not cut off: one second per test binary, 37 of them here, doing nothing
## (about 18 s of the suite's wall time at -p 2). 10 ms is left for that report; a race is still reported, and fails its test, when
## it happens. An atexit_sleep_ms of your own in GORACE is kept.
test: export GORACE := $(if $(findstring atexit_sleep_ms=,$(GORACE)),$(GORACE),$(strip $(GORACE) atexit_sleep_ms=10))
test:
	$(GO) test -race -count=1 ./...
	$(GO) test -count=1 -run 'Corpus|Corpora' ./internal/cli/kbcmd/ ./internal/docs/ ./internal/markdown/

test-short:
	$(GO) test -count=1 ./...

tools:
	@test -x $(GOBIN)/staticcheck || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	@test -x $(GOBIN)/actionlint || $(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

lint: tools
	$(GO) vet ./...
	$(GOBIN)/staticcheck ./...
	@if ls examples/github-actions/*.yml >/dev/null 2>&1; then $(GOBIN)/actionlint examples/github-actions/*.yml; fi
	$(GOBIN)/actionlint .github/workflows/*.yml

fmt-check:
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) mod tidy -diff

## bench: sync benchmarks against the emulator, printed as a table
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 1 ./internal/bench/ ./internal/docs/ ./internal/markdown/ ./internal/conflict/ ./internal/conformance/ ./internal/emulator/
	$(GO) test -run '^$$' -bench 'Render1000VsValidate|PreviewHome1000' -benchtime 1x -count 1 ./internal/cli/kbcmd/

## demo: start an emulator, sync examples/docs into it twice, stop it (no key, no network)
demo: build
	@sh examples/demo.sh $(BIN)

## cross: go vet and build for each release target (CGO off, as the release builds them)
cross:
	@for t in $(CROSS_TARGETS); do \
		echo "cross: $$t"; \
		CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet ./... || exit 1; \
		CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) build -trimpath -o /dev/null ./cmd/atender || exit 1; \
	done

## snapshot: the release archives and checksums.txt of .goreleaser.yaml, built locally into dist/ (no tag, no upload)
snapshot:
	$(GO) run github.com/goreleaser/goreleaser/v$(GORELEASER_MAJOR)@$(GORELEASER_VERSION) release --snapshot --clean

ci: fmt-check lint cross build test

clean:
	rm -rf bin .demo dist
