// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import PhotaStorage

@Suite struct ProfileIDCodecTests {
    let codec = ProfileIDCodec(keyText: "000102030405060708090a0b0c0d0e0f")!

    @Test func idsAreVersion4UUIDsInLowercaseHex() {
        for seq in [1, 2, 3, 1_000, 1 << 40, Int64.max] as [Int64] {
            let id = Array(self.codec.encode(seq: seq))
            #expect(id.count == 32)
            #expect(id.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(id[12] == "4")
            #expect("89ab".contains(id[16]))
        }
    }

    @Test func everyIdDecodesToItsSeqAndIdsAreDistinct() {
        var seen = Set<String>()
        for seq in Int64(1)...50_000 {
            let id = self.codec.encode(seq: seq)
            #expect(self.codec.decode(id) == seq)
            seen.insert(id)
        }
        #expect(seen.count == 50_000)
        #expect(self.codec.decode(self.codec.encode(seq: Int64.max)) == Int64.max)
    }

    @Test func consecutiveIdsShareNoVisiblePattern() {
        // Neighbouring seqs differ in about half their bits, as random ids would.
        let ids = (Int64(1)...200).map { self.codec.encode(seq: $0) }
        for (a, b) in zip(ids, ids.dropFirst()) {
            let differing = zip(a, b).filter { $0 != $1 }.count
            #expect(differing > 16)
        }
        #expect(Set(ids.map { $0.prefix(4) }).count > 150)
    }

    @Test(arguments: [
        "dfc640f84d554263bc7849d46e7344a6",  // an id of the real service
        "00000000000040008000000000000000", "ffffffffffffffffffffffffffffffff", "", "not-an-id",
        "DFC640F84D554263BC7849D46E7344A6", "dfc640f84d554263bc7849d46e7344a", "dfc640f84d554263bc7849d46e7344a6f",
    ])
    func foreignIdsDoNotDecode(id: String) {
        #expect(self.codec.decode(id) == nil)
    }

    @Test func anyChangedDigitBreaksTheId() {
        let id = Array(self.codec.encode(seq: 42))
        for index in id.indices {
            var changed = id
            changed[index] = changed[index] == "0" ? "1" : "0"
            #expect(self.codec.decode(String(changed)) == nil, "digit \(index)")
        }
        #expect(self.codec.decode(self.codec.encode(seq: 42).uppercased()) == nil)
    }

    @Test func keysSeparateDatabasesAndSeedsRepeat() {
        let other = ProfileIDCodec(keyText: ProfileIDCodec.newKeyText(seed: 7))!
        #expect(other.encode(seq: 1) != self.codec.encode(seq: 1))
        #expect(other.decode(self.codec.encode(seq: 1)) == nil)
        #expect(ProfileIDCodec.newKeyText(seed: 7) == ProfileIDCodec.newKeyText(seed: 7))
        #expect(ProfileIDCodec.newKeyText(seed: 7) != ProfileIDCodec.newKeyText(seed: 8))
        #expect(ProfileIDCodec.newKeyText(seed: nil) != ProfileIDCodec.newKeyText(seed: nil))
        #expect(ProfileIDCodec(keyText: "xyz") == nil)
        #expect(ProfileIDCodec(keyText: String(repeating: "0", count: 31)) == nil)
    }

    @Test func keyIsStoredOnceAndProfileSeqIsDefined() throws {
        let db = try Database(path: ":memory:")
        try Migrator.phota.migrate(db)
        let first = try ProfileIDCodec.load(from: db, seed: 3)
        let again = try ProfileIDCodec.load(from: db, seed: 99)
        #expect(first == again)
        #expect(first.keyText == ProfileIDCodec.newKeyText(seed: 3))
        let id = first.encode(seq: 12)
        #expect(try db.prepare("SELECT profile_seq(?)").firstRow { $0.optionalInt64(at: 0) } == .some(nil))
        let statement = try db.prepare("SELECT profile_seq(?1), profile_seq(?2), profile_seq(NULL)")
        try statement.bind(id, "dfc640f84d554263bc7849d46e7344a6")
        #expect(
            try statement.firstRow { [$0.optionalInt64(at: 0), $0.optionalInt64(at: 1), $0.optionalInt64(at: 2)] } == [
                12, nil, nil,
            ])
    }
}
