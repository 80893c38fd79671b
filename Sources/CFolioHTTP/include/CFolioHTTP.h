#ifndef CFOLIOHTTP_H
#define CFOLIOHTTP_H

#include <stddef.h>

/// What went wrong with a request, when no HTTP answer came.
typedef enum {
    FOLIO_HTTP_OK = 0,
    FOLIO_HTTP_TIMEOUT,
    FOLIO_HTTP_REFUSED,
    FOLIO_HTTP_NO_HOST,
    FOLIO_HTTP_TLS,
    FOLIO_HTTP_OTHER,
} folio_http_failure;

/// One answer, valid only during the callback that receives it.
typedef struct {
    folio_http_failure failure;
    /// libcurl's own words for a failure ("" when none).
    const char *message;
    /// The HTTP status, 0 when no answer came.
    long status;
    /// The body stopped at the limit and the transfer was cut there.
    int is_cut;
    const unsigned char *body;
    size_t body_length;
    /// The answer's `Location` and `Retry-After` headers, NULL when absent.
    const char *location;
    const char *retry_after;
} folio_http_result;

typedef void (*folio_http_done)(void *context, const folio_http_result *result);

typedef struct folio_http_client folio_http_client;

/// Loads libcurl and starts the thread that runs the transfers. NULL, with `why` filled, when
/// libcurl cannot be loaded.
folio_http_client *folio_http_client_create(long timeout_ms, long per_host, const char *user_agent, char *why, size_t why_size);

/// Starts a request; `done` is called once, on the client's thread, with its answer.
void folio_http_fetch(folio_http_client *client, const char *url, int head, size_t body_limit, folio_http_done done, void *context);

/// Stops the client's thread; every request must have been answered.
void folio_http_client_destroy(folio_http_client *client);

/// What a transfer keeps of its answer as libcurl hands it over: the body up to `limit` bytes and
/// the last `Location` and `Retry-After` headers. Its functions are libcurl's write and header
/// callbacks, public so that the fuzz target (`folio-fuzz httpanswer`) feeds them directly.
typedef struct {
    unsigned char *body;
    size_t length, capacity, limit;
    /// The body reached `limit`: the transfer is stopped there.
    int is_cut;
    char *location, *retry_after;
} folio_http_answer;

/// Keeps body bytes; returns `length`, or 0 to stop the transfer once the limit is reached.
size_t folio_http_answer_body(folio_http_answer *answer, const char *data, size_t length);

/// Reads one header line as libcurl passes it (not NUL-terminated, with its line end). A status
/// line (`HTTP/...`) starts a new answer and forgets the headers kept from the last.
size_t folio_http_answer_header(folio_http_answer *answer, const char *line, size_t length);

/// Frees what the answer holds and empties it, keeping its limit.
void folio_http_answer_clear(folio_http_answer *answer);

#endif
