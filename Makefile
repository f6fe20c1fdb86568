# kafkalab — the two commands a new user needs are `make run` and `make test`.
# Everything here needs only Go, make and node (for the wasm tests); the browser
# tests also need Chromium (Debian package `chromium`).

GO             ?= go
GOROOT         := $(shell $(GO) env GOROOT)
WASM_EXEC_DIR  := $(GOROOT)/lib/wasm
DIST           := assets/dist
BIN            := bin
SERVER         := $(BIN)/kafkalab-server
# Brotli quality for the precompressed wasm: 11 is smallest (about 16 s on the
# wasm); `make run BROTLI_QUALITY=5` is near-instant while iterating.
BROTLI_QUALITY ?= 11
# No inlining in the page's own Go (templ components, the JS adapter, the
# lessons' checks), in the command-line tools and in engine/cluster, which
# wires the nodes and answers the tools' admin calls: it keeps the wasm under
# its 1.8 MB brotli budget (about 15 KB, 8 KB for lessons/..., 34 KB for
# engine/tools and 23 KB for engine/cluster less on the wire; see
# BENCHMARKS.md). Rendering, checking, parsing a typed command and the
# cluster's wiring are not hot paths (the cluster's produce benchmark is
# unchanged); the simulation (brokers, controller, clients, log, sim, lab)
# keeps full inlining.
WASM_GCFLAGS   ?= -gcflags=github.com/kafkalab/kafkalab/web/...=-l -gcflags=github.com/kafkalab/kafkalab/wasm=-l -gcflags=github.com/kafkalab/kafkalab/lessons/...=-l -gcflags=github.com/kafkalab/kafkalab/engine/tools/...=-l -gcflags=github.com/kafkalab/kafkalab/engine/cluster=-l
# The wasm links copies of templ without net/http, html/template and
# encoding/json, and of google/uuid without crypto/rand, md5, sha1, sql/driver
# and encoding/json (README, BENCHMARKS.md): cmd/trimtempl writes them and a
# go.mod for the wasm build only. The server and the tests use the real modules.
WASM_MOD_DIR   := $(BIN)/wasm-mod
WASM_MOD       := $(WASM_MOD_DIR)/wasm.mod
# Extra flags for the server, e.g. `make run ADDR=:9000`.
ADDR           ?=
# Packages whose tests also run compiled to WebAssembly under node.
WASM_TEST_PKGS := ./wasm/... ./web/... ./lessons/... ./engine/...

.PHONY: wasm-size run build wasm generate test vet test-native test-wasm test-wasm-trim check-templ e2e bench soak clean

## run: build everything and serve the lab at http://localhost:8080
run: build
	@$(SERVER) $(if $(ADDR),-addr $(ADDR))

## build: the wasm, then the server binary that embeds it
build: wasm
	$(GO) build -trimpath -o $(SERVER) ./cmd/server

## wasm: the lab's WebAssembly, wasm_exec.js from the same toolchain, both precompressed
wasm:
	$(GO) run ./cmd/trimtempl -out $(WASM_MOD_DIR)
	GOOS=js GOARCH=wasm $(GO) build -modfile=$(WASM_MOD) -trimpath -ldflags='-s -w' $(WASM_GCFLAGS) -o $(DIST)/kafkalab.wasm ./wasm
	cp $(WASM_EXEC_DIR)/wasm_exec.js $(DIST)/wasm_exec.js
	$(GO) run ./cmd/precompress -brotli-quality $(BROTLI_QUALITY) $(DIST)/kafkalab.wasm $(DIST)/wasm_exec.js

## wasm-size: the wasm's code by package (a build with make wasm's flags, keeping the names)
WASM_SIZE_ROWS ?= 40
wasm-size:
	$(GO) run ./cmd/trimtempl -out $(WASM_MOD_DIR)
	GOOS=js GOARCH=wasm $(GO) build -modfile=$(WASM_MOD) -trimpath $(WASM_GCFLAGS) -o $(BIN)/kafkalab-names.wasm ./wasm
	$(GO) run ./cmd/wasmsize -n $(WASM_SIZE_ROWS) $(BIN)/kafkalab-names.wasm

## generate: regenerate templ's *_templ.go files
generate:
	$(GO) tool templ generate

## test: vet, native tests, wasm tests under node, trimmed-templ golden, templ freshness, browser tests
test: vet test-native test-wasm test-wasm-trim check-templ e2e

vet:
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... ./web/... ./engine/...

test-native:
	$(GO) test ./...

# The fault checker runs a tenth of its seeds under node (-short: 200
# seeds and 30 group seeds, about 26 s; all of them took 5 minutes of a
# 2-core CI run); go test ./... runs every seed natively.
test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -exec=$(WASM_EXEC_DIR)/go_js_wasm_exec $$(GOOS=js GOARCH=wasm $(GO) list $(WASM_TEST_PKGS) | grep -v '/engine/checker$$')
	GOOS=js GOARCH=wasm $(GO) test -exec=$(WASM_EXEC_DIR)/go_js_wasm_exec -short ./engine/checker

# The live lab rendered natively with the real templ, then under node with the
# wasm's trimmed templ: the HTML must be byte for byte the same. Then the
# engine's topic-id and member-id tests under node with the trimmed uuid, which
# fails loudly if anything draws from uuid's own randomness.
TEMPL_GOLDEN := $(abspath $(BIN)/templ-golden)
test-wasm-trim:
	$(GO) run ./cmd/trimtempl -out $(WASM_MOD_DIR)
	rm -rf $(TEMPL_GOLDEN)
	$(GO) test -count=1 -run '^TestTemplGolden$$' ./web/live -args -templ-golden-write=$(TEMPL_GOLDEN)
	GOOS=js GOARCH=wasm $(GO) test -count=1 -modfile=$(WASM_MOD) -exec=$(WASM_EXEC_DIR)/go_js_wasm_exec -run '^TestTemplGolden$$' ./web/live -args -templ-golden-check=$(TEMPL_GOLDEN)
	GOOS=js GOARCH=wasm $(GO) test -count=1 -modfile=$(WASM_MOD) -exec=$(WASM_EXEC_DIR)/go_js_wasm_exec ./engine/lab ./engine/group ./engine/broker

check-templ:
	@./scripts/check-templ.sh

e2e: build
	@./scripts/e2e.sh $(SERVER)

## soak: the seeded fault checker over many seeds (SOAK_SEEDS=0: until stopped; SOAK_START; SOAK_FLAGS=-full for every fault)
SOAK_SEEDS ?= 0
SOAK_START ?= 1
SOAK_FLAGS ?=
soak:
	GOMAXPROCS=1 $(GO) test ./engine/checker -run TestSoak -timeout 0 -count=1 -v -args -soak -seeds $(SOAK_SEEDS) -base $(SOAK_START) $(SOAK_FLAGS)

## bench: every Go benchmark (figures go in BENCHMARKS.md)
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./...

clean:
	rm -rf $(BIN) $(DIST)/kafkalab.wasm* $(DIST)/wasm_exec.js*
