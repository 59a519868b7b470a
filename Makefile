# The Makefile is the CI contract: .ci/run calls `make ci`, which runs what the README promises.
GO        ?= go
BIN       := bin/atender
GOBIN     ?= $(shell $(GO) env GOPATH)/bin
STATICCHECK_VERSION := v0.8.2
ACTIONLINT_VERSION  := v1.7.12

.PHONY: build install test test-short lint fmt-check fuzz-seeds bench demo tools ci clean

build:
	$(GO) build -o $(BIN) ./cmd/atender

install:
	$(GO) install ./cmd/atender

## test: every test, with the race detector (the README's test command)
test:
	$(GO) test -race -count=1 ./...

test-short:
	$(GO) test -count=1 ./...

tools:
	@test -x $(GOBIN)/staticcheck || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	@test -x $(GOBIN)/actionlint || $(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

lint: tools
	$(GO) vet ./...
	$(GOBIN)/staticcheck ./...
	@if ls examples/github-actions/*.yml >/dev/null 2>&1; then $(GOBIN)/actionlint examples/github-actions/*.yml; fi

fmt-check:
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) mod tidy -diff

## bench: sync benchmarks against the emulator, printed as a table
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 1 ./internal/bench/ ./internal/docs/ ./internal/conflict/ ./internal/conformance/ ./internal/emulator/

## demo: start an emulator, sync examples/docs into it twice, stop it (no key, no network)
demo: build
	@sh examples/demo.sh $(BIN)

ci: fmt-check lint build test

clean:
	rm -rf bin .demo
