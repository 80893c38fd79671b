# Build everything.
.PHONY: all test
CC ?= gcc
SOURCES := $(wildcard src/*.c)

all: build test ## default

build: $(SOURCES)
	$(CC) -o $@ $^ && echo "done"

llm-setup:
	pip install -r ml/llm/requirements.txt
