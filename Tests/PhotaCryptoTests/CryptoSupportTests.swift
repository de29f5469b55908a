// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import PhotaCrypto

/// The library loader, constant-time comparison and random bytes.
@Suite struct CryptoSupportTests {
    @Test func theSystemLibraryLoads() throws {
        let version = try CryptoLibrary.load()
        #expect(version.hasPrefix("OpenSSL 3"), "\(version)")
    }

    @Test func aMissingLibraryIsAnErrorNamingIt() throws {
        let opened = CryptoLibrary.named("libcrypto-absent.so.3")
        guard case .failure(let error) = opened else {
            Issue.record("a missing library opened")
            return
        }
        #expect(error.message.hasPrefix("cannot load libcrypto-absent.so.3: "), "\(error)")
        #expect(error.description == error.message)
    }

    @Test func aLibraryWithoutHMACIsAnErrorNamingTheSymbol() throws {
        // libz loads but has none of libcrypto's functions.
        let opened = CryptoLibrary.named("libz.so.1")
        guard case .failure(let error) = opened else {
            Issue.record("libz opened as libcrypto")
            return
        }
        #expect(error.message.contains("libcrypto has no OpenSSL_version"), "\(error)")
    }

    @Test func theDefaultNameIsTheSharedLibrary() throws {
        let library = try CryptoLibrary.named(CryptoLibrary.defaultName).get()
        #expect(library === (try CryptoLibrary.system.get()))
        let code = try HMACSHA256.code(
            key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8), library: library)
        #expect(HMACSHA256.hexadecimal(code) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func constantTimeEqualsTruthTable() {
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([0, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([1, 2], [1, 2, 3]))
        #expect(!ConstantTime.equals([], [0]))
        #expect(!ConstantTime.equals([0x80], [0x00]))
        let code = SecureRandom.bytes(32)
        #expect(ConstantTime.equals(code, code))
        for index in code.indices {
            var other = code
            other[index] ^= 0x01
            #expect(!ConstantTime.equals(code, other), "differs at \(index)")
        }
    }

    @Test(arguments: [0, 1, 16, 32, 255, 256, 257, 4096, 100_000]) func secureRandomReturnsTheLengthAsked(_ count: Int)
    {
        #expect(SecureRandom.bytes(count).count == count)
    }

    @Test func secureRandomDrawsDiffer() {
        #expect(SecureRandom.bytes(-1).isEmpty)
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
        // 4096 bytes that are all zero would mean the buffer was never filled.
        #expect(SecureRandom.bytes(4096).contains { $0 != 0 })
    }
}
