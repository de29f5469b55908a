// SPDX-License-Identifier: Apache-2.0
import PhotaStorage
import Synchronization

/// Hands out the next profile seq and its id: a UUID v4 as 32 lowercase hex digits, as the real
/// service makes them, that encodes the seq under the database's key (`ProfileIDCodec`).
///
/// Seqs are allocated here, before the row is written, because the id is needed at once (the
/// scheduler's job, the response); an add that then fails (402) leaves its seq unused. Seqs only
/// grow from the database's high-water mark, so an id is never made twice. With a seed, a new
/// database's key, and so its id sequence, is the same on every run.
public final class ProfileIDGenerator: Sendable {
    private let codec: ProfileIDCodec
    private let lastSeq: Atomic<Int64>

    /// - Parameters:
    ///   - codec: the database's id codec.
    ///   - lastSeq: the highest seq the database has ever used.
    public init(codec: ProfileIDCodec, lastSeq: Int64) {
        self.codec = codec
        self.lastSeq = Atomic(lastSeq)
    }

    /// The ids of `storage`, continuing after its last seq.
    public convenience init(storage: Storage) {
        self.init(codec: storage.profileIDs, lastSeq: storage.lastProfileSeq)
    }

    /// The next seq and its id.
    public func next() -> (seq: Int64, id: String) {
        let seq = self.lastSeq.add(1, ordering: .relaxed).newValue
        return (seq, self.codec.encode(seq: seq))
    }
}
