.DEFAULT_GOAL := help
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin

GO_SOURCES := $(shell find cmd internal -name '*.go' -o -name '*.sql' 2>/dev/null)
WEB_SOURCES := $(shell find web/app web/public -type f 2>/dev/null) web/nuxt.config.ts web/package.json
SQLC := go run github.com/sqlc-dev/sqlc/cmd/sqlc@v1.31.1

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

run: tools postgres build ## Start Sembang locally with a demo company (installs what is missing)
	./bin/sembang dev

FUZZ_TARGETS := ./internal/channel/telegram:FuzzParse ./internal/channel/onsend:FuzzParse ./internal/lang:FuzzDetect ./internal/successcase:FuzzMatch ./internal/catalog:FuzzCSVReader ./internal/knowledge:FuzzExtractPDF ./internal/knowledge:FuzzExtractDOCX ./internal/knowledge:FuzzExtractText ./internal/knowledge:FuzzFAQCSV

test: tools-chromium postgres build ## Run every test: Go, brief fuzzing, web unit and browser tests
	go test -count=1 -timeout 30m ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=10000x
	cd web && npm run --silent test:unit
	cd web && SEMBANG_BIN=$(CURDIR)/bin/sembang node --test --test-concurrency=1 test/e2e/

# FUZZTIME counts inputs (Nx): a duration can end in a spurious "context deadline exceeded" on a busy machine
# (Go's fuzz coordinator, go.dev/issue/75804).
fuzz: ## Fuzz each parser of outside input for FUZZTIME inputs (default 200000x) each
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$pkg $$fn"; go test -run='^$$' -fuzz="^$$fn\$$" -fuzztime=$(or $(FUZZTIME),200000x) $$pkg || exit 1; done

test-go: postgres ## Run the Go tests only
	go test -timeout 30m ./...

test-e2e: tools-chromium postgres build ## Run the browser tests only
	cd web && SEMBANG_BIN=$(CURDIR)/bin/sembang node --test --test-concurrency=1 test/e2e/

build: bin/sembang ## Build the binary with the web app inside

bin/sembang: $(GO_SOURCES) internal/webui/dist/index.html go.mod go.sum
	go build -o bin/sembang ./cmd/sembang

web: internal/webui/dist/index.html ## Build the web app

internal/webui/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES) api/openapi.yaml
	cd web && npm run --silent gen:api && npm run --silent generate
	find internal/webui/dist -mindepth 1 ! -name .keep -delete
	cp -r web/.output/public/. internal/webui/dist/

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

generate: ## Regenerate sqlc code, api/openapi.yaml and the web client types
	cd internal/db && $(SQLC) generate
	go run ./cmd/sembang openapi > api/openapi.yaml
	cd web && npm run --silent gen:api

verify: generate lint ## Fail when generated files are stale or code is unformatted
	git diff --exit-code -- internal/db/dbgen api/openapi.yaml web/app/api

lint: ## gofmt and go vet
	@test -z "$$(gofmt -l cmd internal)" || { gofmt -l cmd internal; exit 1; }
	go vet ./...

tools:
	@scripts/ensure-tools.sh

tools-chromium:
	@scripts/ensure-tools.sh --chromium

postgres:
	@scripts/ensure-postgres.sh

clean: ## Remove build output
	rm -rf bin web/.output web/.nuxt
	find internal/webui/dist -mindepth 1 ! -name .keep -delete

.PHONY: help run test fuzz test-go test-e2e build web generate verify lint tools tools-chromium postgres clean
