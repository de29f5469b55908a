// SPDX-License-Identifier: Apache-2.0
#pragma once
// No OpenSSL header here: Swift sees only this interface, and libcrypto's functions are resolved with dlsym
// when the library is first opened, so nothing links libcrypto and a process that never signs never loads it.
#include <stddef.h>
#include <stdint.h>
// glibc's getrandom(2), for SecureRandom: Swift's Glibc module leaves <sys/random.h> out. Part of libc, not libcrypto.
#include <sys/random.h>

/// An opened libcrypto: its dlopen handle and the functions used, resolved once.
typedef struct phota_crypto phota_crypto;

/// The length of an HMAC-SHA256 code, in bytes.
#define PHOTA_CRYPTO_HMAC_SHA256_LENGTH 32

/// Opens `name` (e.g. "libcrypto.so.3") and resolves every function used. Returns NULL, with a message in
/// `error`, when the file cannot be loaded or a function is missing. Never closed.
phota_crypto *phota_crypto_open(const char *name, char *error, size_t capacity);

/// The version string of the opened library, e.g. "OpenSSL 3.0.19 27 Jan 2026".
const char *phota_crypto_version(const phota_crypto *api);

/// HMAC-SHA256 of `message` under `key` into `code` (PHOTA_CRYPTO_HMAC_SHA256_LENGTH bytes). Either pointer
/// may be NULL when its length is 0. Returns 1, or 0 when the key is longer than HMAC's int length or
/// libcrypto fails.
int phota_crypto_hmac_sha256(
    const phota_crypto *api, const uint8_t *key, size_t key_length, const uint8_t *message, size_t message_length,
    uint8_t code[PHOTA_CRYPTO_HMAC_SHA256_LENGTH]);
