// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import PhotaAPIKit

/// The schema layer on shapes no API model has yet (a list of bounded integers, a nullable boolean, a one-value
/// enum); the expected bodies are Pydantic 2.14's answers for the same model (`list[Annotated[int,
/// Field(ge=1, le=3)]] = Field(min_length=1)`, `Optional[bool] = None`, an enum with one member).
@Suite struct SchemaTests {
    enum Only: String, Sendable, CaseIterable { case only }

    struct Sample: Sendable, Equatable {
        var numbers: [Int] = []
        var flag: Bool?
        var only: Only = .only
    }

    static let schema = Schema(
        defaults: Sample(),
        fields: [
            Field("xs", type: .list(of: .integer(Bounds(1...3)), count: Bounds(1...)), required: true) { model, value in
                if case .list(let items) = value {
                    model.numbers = items.compactMap { if case .int(let number) = $0 { number } else { nil } }
                }
            },
            Field("flag", type: .nullable(.boolean)) { model, value in
                if case .bool(let flag) = value { model.flag = flag } else { model.flag = nil }
            },
            .enumeration("one", Only.self) { $0.only = $1 },
        ]
    )

    private static func answer(_ body: String) -> String? {
        guard case .failure(let failure) = Self.schema.validate(body: Array(body.utf8), contentType: "application/json")
        else {
            return nil
        }
        return String(decoding: failure.body, as: UTF8.self)
    }

    @Test func listItemsReportEachErrorAtItsIndex() {
        #expect(
            Self.answer(#"{"xs": [1, "2", 5, "x", 2.5]}"#) == #"{"detail":["#
                + #"{"type":"less_than_equal","loc":["body","xs",2],"msg":"Input should be less than or equal to 3","input":5,"ctx":{"le":3}},"#
                + #"{"type":"int_parsing","loc":["body","xs",3],"msg":"Input should be a valid integer, unable to parse string as an integer","input":"x"},"#
                + #"{"type":"int_from_float","loc":["body","xs",4],"msg":"Input should be a valid integer, got a number with a fractional part","input":2.5}]}"#
        )
    }

    @Test func emptyListIsTooShortInTheSingular() {
        #expect(
            Self.answer(#"{"xs": []}"#) == #"{"detail":[{"type":"too_short","loc":["body","xs"],"#
                + #""msg":"List should have at least 1 item after validation, not 0","input":[],"#
                + #""ctx":{"field_type":"List","min_length":1,"actual_length":0}}]}"#)
    }

    @Test func nullableBooleanAndOneValueEnum() {
        #expect(
            Self.answer(#"{"xs": [true, "3"], "flag": "maybe", "one": "other"}"#) == #"{"detail":["#
                + #"{"type":"bool_parsing","loc":["body","flag"],"msg":"Input should be a valid boolean, unable to interpret input","input":"maybe"},"#
                + #"{"type":"enum","loc":["body","one"],"msg":"Input should be 'only'","input":"other","ctx":{"expected":"'only'"}}]}"#
        )
    }

    @Test func acceptsConvertedValues() throws {
        let sample = try Self.schema.validate(
            body: Array(#"{"xs": [true, "3", 2.0], "flag": null}"#.utf8), contentType: "application/json"
        ).get()
        #expect(sample == Sample(numbers: [1, 3, 2], flag: nil, only: .only))
    }

    @Test func enumWordingListsValuesLikePydantic() {
        #expect(EnumCases(["a"]).expected == "'a'")
        #expect(EnumCases(["a", "b"]).expected == "'a' or 'b'")
        #expect(EnumCases(["png", "jpg", "webp"]).expected == "'png', 'jpg' or 'webp'")
    }

    @Test(arguments: [
        ("2", 2), (" +0_4.00 ", 4), ("0-1", -1), ("-0", 0), ("0004", 4), ("1_000", 1000), ("\u{3000}3", 3),
        ("9" * 30, Int.max), ("-" + "9" * 30, Int.min),
    ])
    func readsIntegerStringsLikePydantic(_ text: String, _ value: Int) {
        #expect(LaxInteger.fromString(text) == .success(value))
    }

    @Test(arguments: [
        ("1e0", LaxInteger.Failure.unparsable), ("3.", .unparsable), ("1__0", .unparsable), ("\u{1C}3", .unparsable),
        ("+-1", .unparsable), ("1" * 4301, .tooLarge), ("+" + "1" * 4301, .unparsable), ("", .unparsable),
    ])
    func refusesIntegerStringsLikePydantic(_ text: String, _ failure: LaxInteger.Failure) {
        #expect(LaxInteger.fromString(text) == .failure(failure))
    }
}

private func * (text: String, count: Int) -> String { String(repeating: text, count: count) }
