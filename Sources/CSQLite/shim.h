// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: a cast of -1 to a destructor pointer.
static inline sqlite3_destructor_type phota_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic, so Swift cannot call it directly.
static inline int phota_sqlite_config_multithread(void) { return sqlite3_config(SQLITE_CONFIG_MULTITHREAD); }
