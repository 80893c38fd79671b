// Makes parsing with Debian's libcmark-gfm 0.29 safe on several threads at once.
//
// Measured: two threads parsing with extensions lose strikethrough in about one page in five.
// The cause is one process-wide table of "special" inline characters: `cmark_parser_finish`
// calls `cmark_manage_extensions_special_characters(parser, 1)` to add each inline extension's
// characters (`~` for strikethrough, `:` and `w` for autolinks), parses inlines, then calls it
// with 0 to remove them again, so one thread's removal blinds another thread's parse.
//
// `cmark_parser_finish` reaches that function through the PLT (it is exported), so this
// definition in the executable replaces it: Folio always attaches the same extensions, so their
// characters are added once, under Folio's lock, and never removed. Nothing else in the parser
// is global. The Swift side checks that the replacement is really in effect (its call count goes
// up on a parse) and otherwise keeps every parse under one lock.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include "CCmarkThreads.h"

static atomic_int replacement_calls;

void cmark_manage_extensions_special_characters(struct cmark_parser *parser, int add) {
    (void)parser;
    (void)add;
    atomic_fetch_add(&replacement_calls, 1);
}

int folio_cmark_install_special_characters(struct cmark_parser *parser) {
    void (*original)(struct cmark_parser *, int) =
        (void (*)(struct cmark_parser *, int))dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
    if (!original) return 0;
    original(parser, 1);
    return 1;
}

int folio_cmark_replacement_calls(void) { return atomic_load(&replacement_calls); }
