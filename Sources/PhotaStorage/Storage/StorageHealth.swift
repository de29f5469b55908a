// SPDX-License-Identifier: Apache-2.0

/// What the writer last learned about the database's durability.
public enum StorageHealth: UInt8, Sendable, Equatable {
    /// The last batch committed (or nothing has been written yet).
    case ok
    /// The last batch could not be committed: the file is read-only, the disk is full, an I/O
    /// error. The next commit that succeeds makes it `ok` again (`Storage.probeWrite` tries one).
    case failing
    /// The database file (or its WAL) was deleted or replaced under the open storage: whatever is
    /// written now would be lost at the next start, so every write fails until restart. Permanent.
    case replaced
}
