// SPDX-License-Identifier: Apache-2.0

/// The `storage` field of `/_mock/ready`.
enum StorageState: String, Sendable {
    /// Reads work and the last commit succeeded.
    case ok
    /// The last commit failed (read-only file, full disk, I/O error); ready again once one succeeds.
    case failing
    /// The database file was deleted or replaced under the server; every write fails until restart.
    case replaced
    /// Even a trivial read fails.
    case unavailable
}
