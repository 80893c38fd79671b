// The external link check's HTTP client: libcurl's multi interface on one thread.
//
// libcurl is loaded with dlopen when the first external URL is checked, not linked: Foundation's
// URLSession linked it, and with it about thirty TLS, Kerberos and LDAP libraries whose start-up
// every `folio` run paid (10 ms and 10 MB of a 16 ms, 18 MB `folio --version`), though only
// `check links --external` asks the network anything. The header gives the types and constants;
// the functions come from `dlsym`.
#define _GNU_SOURCE
#include "CFolioHTTP.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_cleanup)(CURLM *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load(void) {
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so", "libcurl.4.dylib"};
    void *library = NULL;
    // FOLIO_LIBCURL names the library to load instead (the tests name one that does not exist).
    const char *chosen = getenv("FOLIO_LIBCURL");
    if (chosen && *chosen) library = dlopen(chosen, RTLD_NOW | RTLD_LOCAL);
    for (size_t i = 0; i < sizeof names / sizeof *names && !library && !(chosen && *chosen); i++)
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "libcurl could not be loaded (install libcurl4): %s", dlerror());
        return;
    }
#define FIND(field, name)                                                                                       \
    if (!(*(void **)&curl.field = dlsym(library, name))) {                                                      \
        snprintf(load_error, sizeof load_error, "the libcurl found has no %s (libcurl 7.68 or later is needed)", name); \
        return;                                                                                                 \
    }
    FIND(global_init, "curl_global_init")
    FIND(easy_init, "curl_easy_init")
    FIND(easy_setopt, "curl_easy_setopt")
    FIND(easy_getinfo, "curl_easy_getinfo")
    FIND(easy_cleanup, "curl_easy_cleanup")
    FIND(easy_strerror, "curl_easy_strerror")
    FIND(slist_append, "curl_slist_append")
    FIND(slist_free_all, "curl_slist_free_all")
    FIND(multi_init, "curl_multi_init")
    FIND(multi_setopt, "curl_multi_setopt")
    FIND(multi_add_handle, "curl_multi_add_handle")
    FIND(multi_remove_handle, "curl_multi_remove_handle")
    FIND(multi_perform, "curl_multi_perform")
    FIND(multi_poll, "curl_multi_poll")
    FIND(multi_wakeup, "curl_multi_wakeup")
    FIND(multi_info_read, "curl_multi_info_read")
    FIND(multi_cleanup, "curl_multi_cleanup")
#undef FIND
    if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "libcurl could not be initialised");
        return;
    }
    load_error[0] = '\0';
}

/// One request in flight.
typedef struct transfer {
    struct transfer *next;
    CURL *easy;
    folio_http_answer answer;
    folio_http_done done;
    void *context;
    char message[CURL_ERROR_SIZE];
} transfer;

struct folio_http_client {
    CURLM *multi;
    struct curl_slist *headers;
    long timeout_ms;
    char *user_agent;
    pthread_t thread;
    pthread_mutex_t lock;
    transfer *pending, *pending_tail; // added by folio_http_fetch, taken by the thread in order
    int stopping;
};

size_t folio_http_answer_body(folio_http_answer *answer, const char *data, size_t length) {
    size_t room = answer->limit - answer->length;
    size_t kept = length < room ? length : room;
    if (answer->length + kept > answer->capacity) {
        size_t capacity = answer->capacity ? answer->capacity : 16384;
        while (capacity < answer->length + kept) capacity *= 2;
        unsigned char *grown = realloc(answer->body, capacity);
        if (!grown) return 0;
        answer->body = grown;
        answer->capacity = capacity;
    }
    if (kept) memcpy(answer->body + answer->length, data, kept);
    answer->length += kept;
    if (answer->length >= answer->limit && length > 0) {
        answer->is_cut = 1;
        return 0; // stops the transfer (CURLE_WRITE_ERROR, read as "cut")
    }
    return length;
}

/// The value of a `Name: value` header line, trimmed, or NULL when the line is another header.
static char *header_value(const char *line, size_t length, const char *name) {
    size_t name_length = strlen(name);
    if (length <= name_length || strncasecmp(line, name, name_length) != 0 || line[name_length] != ':') return NULL;
    size_t start = name_length + 1, end = length;
    while (start < end && (line[start] == ' ' || line[start] == '\t')) start++;
    while (end > start && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' ' || line[end - 1] == '\t')) end--;
    return strndup(line + start, end - start);
}

size_t folio_http_answer_header(folio_http_answer *answer, const char *line, size_t length) {
    if (length >= 5 && strncmp(line, "HTTP/", 5) == 0) { // a new answer (after a 100 Continue): forget the last one's
        free(answer->location);
        free(answer->retry_after);
        answer->location = answer->retry_after = NULL;
    }
    char *value;
    if ((value = header_value(line, length, "location"))) {
        free(answer->location);
        answer->location = value;
    } else if ((value = header_value(line, length, "retry-after"))) {
        free(answer->retry_after);
        answer->retry_after = value;
    }
    return length;
}

void folio_http_answer_clear(folio_http_answer *answer) {
    free(answer->body);
    free(answer->location);
    free(answer->retry_after);
    *answer = (folio_http_answer){.limit = answer->limit};
}

static size_t on_body(char *data, size_t size, size_t count, void *user) {
    return folio_http_answer_body(&((transfer *)user)->answer, data, size * count);
}

static size_t on_header(char *line, size_t size, size_t count, void *user) {
    return folio_http_answer_header(&((transfer *)user)->answer, line, size * count);
}

static folio_http_failure classify(CURLcode code) {
    switch (code) {
    case CURLE_OK: return FOLIO_HTTP_OK;
    case CURLE_OPERATION_TIMEDOUT: return FOLIO_HTTP_TIMEOUT;
    case CURLE_COULDNT_CONNECT: return FOLIO_HTTP_REFUSED;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return FOLIO_HTTP_NO_HOST;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_USE_SSL_FAILED: return FOLIO_HTTP_TLS;
    default: return FOLIO_HTTP_OTHER;
    }
}

static void finish(folio_http_client *client, transfer *t, CURLcode code) {
    folio_http_result result = {0};
    long status = 0;
    curl.easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    result.status = status;
    result.is_cut = t->answer.is_cut;
    result.failure = t->answer.is_cut ? FOLIO_HTTP_OK : classify(code);
    result.message = result.failure == FOLIO_HTTP_OK ? "" : (t->message[0] ? t->message : curl.easy_strerror(code));
    result.body = t->answer.body;
    result.body_length = t->answer.length;
    result.location = t->answer.location;
    result.retry_after = t->answer.retry_after;
    curl.multi_remove_handle(client->multi, t->easy);
    curl.easy_cleanup(t->easy);
    t->done(t->context, &result);
    folio_http_answer_clear(&t->answer);
    free(t);
}

static void *run(void *argument) {
    folio_http_client *client = argument;
    for (;;) {
        pthread_mutex_lock(&client->lock);
        transfer *added = client->pending;
        client->pending = client->pending_tail = NULL;
        int stopping = client->stopping;
        pthread_mutex_unlock(&client->lock);
        while (added) {
            transfer *next = added->next;
            curl.multi_add_handle(client->multi, added->easy);
            added = next;
        }
        if (stopping) return NULL;
        int running = 0;
        curl.multi_perform(client->multi, &running);
        CURLMsg *message;
        int left;
        while ((message = curl.multi_info_read(client->multi, &left))) {
            if (message->msg != CURLMSG_DONE) continue;
            CURL *easy = message->easy_handle;
            CURLcode code = message->data.result;
            transfer *t = NULL;
            curl.easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&t);
            finish(client, t, code);
        }
        curl.multi_poll(client->multi, NULL, 0, 1000, NULL);
    }
}

folio_http_client *folio_http_client_create(long timeout_ms, long per_host, const char *user_agent, char *why, size_t why_size) {
    pthread_once(&load_once, load);
    if (load_error[0]) {
        snprintf(why, why_size, "%s", load_error);
        return NULL;
    }
    folio_http_client *client = calloc(1, sizeof *client);
    if (!client || !(client->multi = curl.multi_init())) {
        free(client);
        snprintf(why, why_size, "libcurl could not start");
        return NULL;
    }
    curl.multi_setopt(client->multi, CURLMOPT_MAX_HOST_CONNECTIONS, per_host);
    client->headers = curl.slist_append(NULL, "Accept: */*");
    client->timeout_ms = timeout_ms;
    client->user_agent = strdup(user_agent);
    pthread_mutex_init(&client->lock, NULL);
    if (pthread_create(&client->thread, NULL, run, client) != 0) {
        curl.multi_cleanup(client->multi);
        curl.slist_free_all(client->headers);
        free(client->user_agent);
        free(client);
        snprintf(why, why_size, "no thread for the HTTP client");
        return NULL;
    }
    return client;
}

void folio_http_fetch(folio_http_client *client, const char *url, int head, size_t body_limit, folio_http_done done, void *context) {
    transfer *t = calloc(1, sizeof *t);
    CURL *easy = t ? curl.easy_init() : NULL;
    if (!easy) {
        free(t);
        folio_http_result result = {.failure = FOLIO_HTTP_OTHER, .message = "out of memory"};
        done(context, &result);
        return;
    }
    t->easy = easy;
    t->answer.limit = body_limit;
    t->done = done;
    t->context = context;
    curl.easy_setopt(easy, CURLOPT_URL, url);
    curl.easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    if (head) curl.easy_setopt(easy, CURLOPT_NOBODY, 1L);
    curl.easy_setopt(easy, CURLOPT_USERAGENT, client->user_agent);
    curl.easy_setopt(easy, CURLOPT_HTTPHEADER, client->headers);
    curl.easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, ""); // every encoding this libcurl decodes
    curl.easy_setopt(easy, CURLOPT_TIMEOUT_MS, client->timeout_ms);
    curl.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, client->timeout_ms);
    curl.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(easy, CURLOPT_WRITEDATA, t);
    curl.easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(easy, CURLOPT_HEADERDATA, t);
    curl.easy_setopt(easy, CURLOPT_ERRORBUFFER, t->message);
    curl.easy_setopt(easy, CURLOPT_PRIVATE, t);
    pthread_mutex_lock(&client->lock);
    if (client->pending_tail) client->pending_tail->next = t;
    else client->pending = t;
    client->pending_tail = t;
    pthread_mutex_unlock(&client->lock);
    curl.multi_wakeup(client->multi);
}

void folio_http_client_destroy(folio_http_client *client) {
    pthread_mutex_lock(&client->lock);
    client->stopping = 1;
    pthread_mutex_unlock(&client->lock);
    curl.multi_wakeup(client->multi);
    pthread_join(client->thread, NULL);
    curl.multi_cleanup(client->multi);
    curl.slist_free_all(client->headers);
    pthread_mutex_destroy(&client->lock);
    free(client->user_agent);
    free(client);
}
