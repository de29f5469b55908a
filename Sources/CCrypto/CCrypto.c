// SPDX-License-Identifier: Apache-2.0
// OpenSSL's headers for the prototypes only: the function pointers below take their types from them, so a
// mismatch with the library's declarations is a compile error rather than a wrong call.
#include "CCrypto.h"
#include <dlfcn.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>

struct phota_crypto {
    void *handle;
    const char *version;
    __typeof__(&OpenSSL_version) openssl_version;
    __typeof__(&EVP_sha256) evp_sha256;
    __typeof__(&HMAC) hmac;
};

/// Resolves `symbol` into `*slot`; false, with the message in `error`, when the library lacks it.
static int resolve(void *handle, const char *symbol, void **slot, char *error, size_t capacity) {
    *slot = dlsym(handle, symbol);
    if (*slot == NULL) snprintf(error, capacity, "libcrypto has no %s (not OpenSSL 3?)", symbol);
    return *slot != NULL;
}

// Object and function pointers have the same representation on every platform dlsym exists on
// (POSIX requires it for dlsym's result to be usable at all).
#define RESOLVE(field, symbol) resolve(handle, symbol, (void **)&api->field, error, capacity)

phota_crypto *phota_crypto_open(const char *name, char *error, size_t capacity) {
    void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(error, capacity, "cannot load %s: %s", name, dlerror());
        return NULL;
    }
    phota_crypto *api = calloc(1, sizeof *api);
    if (api == NULL) {
        snprintf(error, capacity, "out of memory");
        dlclose(handle);
        return NULL;
    }
    api->handle = handle;
    int ok = RESOLVE(openssl_version, "OpenSSL_version") && RESOLVE(evp_sha256, "EVP_sha256")
        && RESOLVE(hmac, "HMAC");
    if (!ok) {
        free(api);
        dlclose(handle);
        return NULL;
    }
    // OpenSSL 3 initializes itself on first use, thread-safely: no global init call is needed.
    api->version = api->openssl_version(OPENSSL_VERSION);
    return api;
}

const char *phota_crypto_version(const phota_crypto *api) { return api->version; }

int phota_crypto_hmac_sha256(
    const phota_crypto *api, const uint8_t *key, size_t key_length, const uint8_t *message, size_t message_length,
    uint8_t code[PHOTA_CRYPTO_HMAC_SHA256_LENGTH]) {
    // An empty Swift array may hand over NULL, and HMAC_Init_ex reads a NULL key as "keep the previous one":
    // OpenSSL 3.0's one-shot HMAC copes, but pointing at a byte does not depend on that.
    static const uint8_t nothing = 0;
    if (key_length > INT_MAX) return 0;
    if (key == NULL) key = &nothing;
    if (message == NULL) message = &nothing;
    unsigned int length = 0;
    // `code` is never NULL: with NULL, HMAC would write into a static buffer shared by every thread.
    if (api->hmac(api->evp_sha256(), key, (int)key_length, message, message_length, code, &length) == NULL) return 0;
    return length == PHOTA_CRYPTO_HMAC_SHA256_LENGTH;
}
