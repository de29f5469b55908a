// SPDX-License-Identifier: Apache-2.0
// The older protocol bitmask options are the fallback for libcurl before 7.85.0: used on purpose.
#define CURL_DISABLE_DEPRECATION 1
#include "CCurl.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

struct phota_curl {
    void *handle;
    const char *version;
    CURLcode (*global_init)(long flags);
    curl_version_info_data *(*version_info)(CURLversion stamp);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *easy);
    const char *(*easy_strerror)(CURLcode code);
    // Variadic, as declared in curl/easy.h: called through these types, never through a cast.
    CURLcode (*easy_setopt)(CURL *easy, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *easy, CURLINFO info, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *line);
    void (*slist_free_all)(struct curl_slist *list);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *multi);
    CURLMcode (*multi_add_handle)(CURLM *multi, CURL *easy);
    CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *easy);
    CURLMcode (*multi_perform)(CURLM *multi, int *running);
    CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd fds[], unsigned int count, int timeout_ms, int *ready);
    CURLMcode (*multi_wakeup)(CURLM *multi);
    CURLMsg *(*multi_info_read)(CURLM *multi, int *left);
};

/// Resolves `symbol` into `*slot`; false, with the message in `error`, when the library lacks it.
static int resolve(void *handle, const char *symbol, void **slot, char *error, size_t capacity) {
    *slot = dlsym(handle, symbol);
    if (*slot == NULL) snprintf(error, capacity, "libcurl has no %s (older than 7.68.0?)", symbol);
    return *slot != NULL;
}

// Object and function pointers have the same representation on every platform dlsym exists on
// (POSIX requires it for dlsym's result to be usable at all).
#define RESOLVE(field, symbol) resolve(handle, symbol, (void **)&api->field, error, capacity)

phota_curl *phota_curl_open(const char *name, char *error, size_t capacity) {
    void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(error, capacity, "cannot load %s: %s", name, dlerror());
        return NULL;
    }
    phota_curl *api = calloc(1, sizeof *api);
    if (api == NULL) {
        snprintf(error, capacity, "out of memory");
        dlclose(handle);
        return NULL;
    }
    api->handle = handle;
    int ok = RESOLVE(global_init, "curl_global_init") && RESOLVE(version_info, "curl_version_info")
        && RESOLVE(easy_init, "curl_easy_init") && RESOLVE(easy_cleanup, "curl_easy_cleanup")
        && RESOLVE(easy_strerror, "curl_easy_strerror") && RESOLVE(easy_setopt, "curl_easy_setopt")
        && RESOLVE(easy_getinfo, "curl_easy_getinfo") && RESOLVE(slist_append, "curl_slist_append")
        && RESOLVE(slist_free_all, "curl_slist_free_all") && RESOLVE(multi_init, "curl_multi_init")
        && RESOLVE(multi_cleanup, "curl_multi_cleanup") && RESOLVE(multi_add_handle, "curl_multi_add_handle")
        && RESOLVE(multi_remove_handle, "curl_multi_remove_handle") && RESOLVE(multi_perform, "curl_multi_perform")
        && RESOLVE(multi_poll, "curl_multi_poll") && RESOLVE(multi_wakeup, "curl_multi_wakeup")
        && RESOLVE(multi_info_read, "curl_multi_info_read");
    if (ok) {
        curl_version_info_data *info = api->version_info(CURLVERSION_NOW);
        api->version = info->version;
        if (info->version_num < 0x074400) {
            snprintf(error, capacity, "libcurl %s is older than 7.68.0", info->version);
            ok = 0;
        }
    }
    // Thread-safe from 7.84.0 on; before that, callers open the library once (Swift's lazy globals do).
    if (ok && api->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(error, capacity, "curl_global_init failed");
        ok = 0;
    }
    if (!ok) {
        free(api);
        dlclose(handle);
        return NULL;
    }
    return api;
}

const char *phota_curl_version(const phota_curl *api) { return api->version; }

CURL *phota_curl_easy_init(const phota_curl *api) { return api->easy_init(); }

void phota_curl_easy_cleanup(const phota_curl *api, CURL *easy) { api->easy_cleanup(easy); }

const char *phota_curl_easy_strerror(const phota_curl *api, CURLcode code) { return api->easy_strerror(code); }

CURLcode phota_curl_setopt_long(const phota_curl *api, CURL *easy, CURLoption option, long value) {
    return api->easy_setopt(easy, option, value);
}

CURLcode phota_curl_setopt_off(const phota_curl *api, CURL *easy, CURLoption option, curl_off_t value) {
    return api->easy_setopt(easy, option, value);
}

CURLcode phota_curl_setopt_pointer(const phota_curl *api, CURL *easy, CURLoption option, const void *value) {
    return api->easy_setopt(easy, option, value);
}

CURLcode phota_curl_setopt_write(const phota_curl *api, CURL *easy, CURLoption option, curl_write_callback value) {
    return api->easy_setopt(easy, option, value);
}

CURLcode phota_curl_getinfo_long(const phota_curl *api, CURL *easy, CURLINFO info, long *value) {
    return api->easy_getinfo(easy, info, value);
}

CURLcode phota_curl_getinfo_off(const phota_curl *api, CURL *easy, CURLINFO info, curl_off_t *value) {
    return api->easy_getinfo(easy, info, value);
}

CURLcode phota_curl_allow_http_only(const phota_curl *api, CURL *easy) {
    CURLcode code = api->easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    if (code == CURLE_OK) code = api->easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    if (code != CURLE_UNKNOWN_OPTION) return code;
    code = api->easy_setopt(easy, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    if (code == CURLE_OK) code = api->easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    return code;
}

struct curl_slist *phota_curl_slist_append(const phota_curl *api, struct curl_slist *list, const char *line) {
    return api->slist_append(list, line);
}

void phota_curl_slist_free_all(const phota_curl *api, struct curl_slist *list) { api->slist_free_all(list); }

CURLM *phota_curl_multi_init(const phota_curl *api) { return api->multi_init(); }

CURLMcode phota_curl_multi_cleanup(const phota_curl *api, CURLM *multi) { return api->multi_cleanup(multi); }

CURLMcode phota_curl_multi_add_handle(const phota_curl *api, CURLM *multi, CURL *easy) {
    return api->multi_add_handle(multi, easy);
}

CURLMcode phota_curl_multi_remove_handle(const phota_curl *api, CURLM *multi, CURL *easy) {
    return api->multi_remove_handle(multi, easy);
}

CURLMcode phota_curl_multi_perform(const phota_curl *api, CURLM *multi, int *running) {
    return api->multi_perform(multi, running);
}

CURLMcode phota_curl_multi_poll(const phota_curl *api, CURLM *multi, int timeout_ms) {
    return api->multi_poll(multi, NULL, 0, timeout_ms, NULL);
}

CURLMcode phota_curl_multi_wakeup(const phota_curl *api, CURLM *multi) { return api->multi_wakeup(multi); }

int phota_curl_multi_next_done(const phota_curl *api, CURLM *multi, CURL **easy, CURLcode *result) {
    int left = 0;
    CURLMsg *message;
    while ((message = api->multi_info_read(multi, &left)) != NULL) {
        if (message->msg != CURLMSG_DONE) continue;
        *easy = message->easy_handle;
        *result = message->data.result;
        return 1;
    }
    return 0;
}
