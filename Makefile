# Folio: `make docs` builds Folio's own documentation (content/ -> site/); `make test` runs
# every test. Both install the system libraries they need on Debian/Ubuntu first.
SHELL := /bin/bash
.DEFAULT_GOAL := docs
SWIFT ?= swift
RELEASE_BIN := .build/release/folio
# libcurl's headers: the external link check's HTTP client (Sources/CFolioHTTP) takes libcurl's
# types and constants from them, and loads the library itself only when a URL is checked.
DEBIAN_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev libmimalloc-dev libcurl4-openssl-dev pkg-config
# On Linux the Swift runtime and Foundation are linked into folio: no symbols bound at start, and
# direct calls to swift_retain and swift_release (2% fewer instructions for `folio check links`,
# about 6 MiB less memory; content/architecture.md, "Speed").
STATIC_STDLIB := $(if $(filter Linux,$(shell uname -s)),--static-swift-stdlib)
# The tests also run git (what it ignores), python3 (a real HTTP server on 127.0.0.1) and curl
# (requests to folio serve).
TEST_PACKAGES := git python3 curl
BROWSER_PACKAGES := chromium chromium-driver python3 python3-selenium

.PHONY: docs test deps browser-deps build swift-test e2e browser-test bench example format clean fuzz fuzz-seeds sanitize sanitize-address sanitize-thread mkdocs-compat screenshots

## deps: install the C libraries Folio links (apt-get as root, sudo otherwise).
deps:
	@bash scripts/install-packages.sh $(DEBIAN_PACKAGES)

## build: folio in release mode.
build: deps
	$(SWIFT) build -c release --product folio $(STATIC_STDLIB)

## docs: build Folio's own docs from content/ into site/.
docs: build
	$(RELEASE_BIN) build

## test: unit and fixture tests, then end-to-end checks with the release binary and a browser.
test: swift-test e2e browser-test

swift-test: deps
	@bash scripts/install-packages.sh $(TEST_PACKAGES)
	SWIFT=$(SWIFT) bash scripts/swift-test.sh
	$(SWIFT) build --product folio-fuzz
	bash scripts/fuzz-replay.sh .build/debug/folio-fuzz

e2e: build
	@bash scripts/install-packages.sh $(TEST_PACKAGES) python3-venv
	bash Tests/e2e/run.sh $(RELEASE_BIN)
	bash scripts/python-tools.sh
	.build-pytools/venv/bin/python Tests/highlight/compare.py $(RELEASE_BIN) $(if $(wildcard ../shared/corpora),--corpus ../shared/corpora)
	python3 Tests/incremental/random_edits.py $(RELEASE_BIN)

browser-deps:
	@bash scripts/install-packages.sh $(BROWSER_PACKAGES)

browser-test: build browser-deps
	@bash scripts/install-packages.sh python3-venv
	bash scripts/python-tools.sh
	/usr/bin/python3 Tests/browser/test_site.py $(RELEASE_BIN)

## mkdocs-compat: builds ../shared/corpora's MkDocs projects with MkDocs (PyPI, in .build-mkdocs/) and with Folio, and compares them.
mkdocs-compat: build
	@bash scripts/install-packages.sh python3 python3-venv
	bash scripts/mkdocs-compat.sh $(RELEASE_BIN)

## screenshots: the pictures of the theme in content/guide/themes.md, taken from these docs in Chromium.
screenshots: build browser-deps
	/usr/bin/python3 scripts/docs-screenshots.py $(RELEASE_BIN)

## bench: folio build against Hugo and the libcmark-gfm floor (time and memory), incremental builds, and folio check links against lychee, on the bench corpora (needs ../shared/bench).
bench: build
	bash scripts/bench.sh $(RELEASE_BIN)

## example: build and check examples/microservice-shop (strict; runbook reviews measured on its last commit's day), then its progress report.
example: build
	cd examples/microservice-shop && export SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct -- . 2>/dev/null)} \
		&& ../../$(RELEASE_BIN) build --strict && ../../$(RELEASE_BIN) check --all && ../../$(RELEASE_BIN) report

## fuzz: every libFuzzer target for FUZZ_SECONDS each (default 60), from Tests/fuzz/corpus.
fuzz: deps
	SWIFT=$(SWIFT) bash scripts/fuzz.sh

## sanitize: the Swift tests under AddressSanitizer (leaks checked; scripts/lsan.supp lists the false positives) and under ThreadSanitizer.
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	@bash scripts/install-packages.sh $(TEST_PACKAGES)
	$(SWIFT) build --build-tests --scratch-path .build-asan --sanitize=address
	LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp $(SWIFT) test --skip-build --scratch-path .build-asan --sanitize=address

sanitize-thread: deps
	@bash scripts/install-packages.sh $(TEST_PACKAGES)
	$(SWIFT) build --build-tests --scratch-path .build-tsan --sanitize=thread
	$(SWIFT) test --skip-build --scratch-path .build-tsan --sanitize=thread

## fuzz-seeds: each fuzz target on its seed corpus under libFuzzer and ASan (CI).
fuzz-seeds: deps
	FUZZ_SEEDS_ONLY=1 SWIFT=$(SWIFT) bash scripts/fuzz.sh

## format: apply the committed .swift-format style.
format:
	$(SWIFT) format -i -r Sources Tests Plugins Package.swift

clean:
	rm -rf .build site
