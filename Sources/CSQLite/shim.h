// SPDX-License-Identifier: Apache-2.0
#pragma once
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro Swift cannot import: a cast of -1 to a destructor pointer.
static inline sqlite3_destructor_type phota_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_config is variadic, so Swift cannot call it directly. It must run before the library
// initializes (the first open); afterwards it returns SQLITE_MISUSE and changes nothing.
// MEMSTATUS off: SQLite then keeps no allocation statistics, which it otherwise updates under a
// global mutex on every malloc and free (sqlite.org/c3ref/c_config_covering_index_scan.html).
static inline int phota_sqlite_config_no_memstatus(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
