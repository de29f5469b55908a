// SPDX-License-Identifier: Apache-2.0
#pragma once
// libcurl's types and constants only: the functions are resolved with dlsym when the library is first
// opened, so nothing here links libcurl and a process that never opens it never loads it.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <stddef.h>

/// An opened libcurl: its dlopen handle and the functions used, resolved once.
typedef struct phota_curl phota_curl;

/// Opens `name` (e.g. "libcurl.so.4"), resolves every function used and initializes the library.
/// Returns NULL, with a message in `error`, when the file cannot be loaded, a function is missing or the
/// version is older than 7.68.0 (the first with curl_multi_poll and curl_multi_wakeup). Never closed.
phota_curl *phota_curl_open(const char *name, char *error, size_t capacity);

/// The version string of the opened library, e.g. "7.88.1".
const char *phota_curl_version(const phota_curl *api);

CURL *phota_curl_easy_init(const phota_curl *api);
void phota_curl_easy_cleanup(const phota_curl *api, CURL *easy);
const char *phota_curl_easy_strerror(const phota_curl *api, CURLcode code);

// curl_easy_setopt and curl_easy_getinfo are variadic, so Swift cannot call them: one wrapper per
// argument type, each passing the value with the type the option reads.
CURLcode phota_curl_setopt_long(const phota_curl *api, CURL *easy, CURLoption option, long value);
CURLcode phota_curl_setopt_off(const phota_curl *api, CURL *easy, CURLoption option, curl_off_t value);
CURLcode phota_curl_setopt_pointer(const phota_curl *api, CURL *easy, CURLoption option, const void *value);
CURLcode phota_curl_setopt_write(const phota_curl *api, CURL *easy, CURLoption option, curl_write_callback value);
CURLcode phota_curl_getinfo_long(const phota_curl *api, CURL *easy, CURLINFO info, long *value);
CURLcode phota_curl_getinfo_off(const phota_curl *api, CURL *easy, CURLINFO info, curl_off_t *value);

/// Allows only http and https, for the first URL and for every redirect: CURLOPT_PROTOCOLS_STR and
/// CURLOPT_REDIR_PROTOCOLS_STR (7.85.0 and later), else the older bitmask options.
CURLcode phota_curl_allow_http_only(const phota_curl *api, CURL *easy);

struct curl_slist *phota_curl_slist_append(const phota_curl *api, struct curl_slist *list, const char *line);
void phota_curl_slist_free_all(const phota_curl *api, struct curl_slist *list);

CURLM *phota_curl_multi_init(const phota_curl *api);
CURLMcode phota_curl_multi_cleanup(const phota_curl *api, CURLM *multi);
CURLMcode phota_curl_multi_add_handle(const phota_curl *api, CURLM *multi, CURL *easy);
CURLMcode phota_curl_multi_remove_handle(const phota_curl *api, CURLM *multi, CURL *easy);
CURLMcode phota_curl_multi_perform(const phota_curl *api, CURLM *multi, int *running);
CURLMcode phota_curl_multi_poll(const phota_curl *api, CURLM *multi, int timeout_ms);
CURLMcode phota_curl_multi_wakeup(const phota_curl *api, CURLM *multi);

/// The next finished transfer: 1 with its handle and result, 0 when none is left. CURLMsg's union is
/// read here rather than in Swift.
int phota_curl_multi_next_done(const phota_curl *api, CURLM *multi, CURL **easy, CURLcode *result);
