#ifndef CCMARKTHREADS_H
#define CCMARKTHREADS_H

struct cmark_parser;

/// Makes the inline characters of `parser`'s extensions special for good, once, before any
/// concurrent parse. Returns 0 when the library's own function could not be found.
int folio_cmark_install_special_characters(struct cmark_parser *parser);

/// How many times libcmark-gfm called Folio's replacement of
/// `cmark_manage_extensions_special_characters` (0 means the replacement is not in effect).
int folio_cmark_replacement_calls(void);

#endif
