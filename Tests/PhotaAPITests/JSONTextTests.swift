// SPDX-License-Identifier: Apache-2.0
import Foundation
import PhotaHTTP
import Testing

@testable import PhotaProfiles

@Suite struct JSONTextTests {
    @Test func quoteEscapesWhatRFC8259Requires() {
        #expect(JSONText.quote("plain https://h/a.jpg") == "\"plain https://h/a.jpg\"")
        #expect(JSONText.quote("") == "\"\"")
        #expect(
            JSONText.quote("a\"b\\c\nd\re\tf\u{08}g\u{0C}h\u{01}i\u{1F}") == #""a\"b\\c\nd\re\tf\bg\fh\u0001i\u001f""#)
        #expect(JSONText.quote("ünï 🙂 /") == "\"ünï 🙂 /\"")
    }

    @Test(arguments: [[], ["https://h/1.jpg"], ["a", "b\"c", "d\\e\n", "é🙂", ""]])
    func jsonArrayParsesBackToTheSameStrings(strings: [String]) throws {
        let text = ProfileService.jsonArray(strings)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
        #expect(parsed == strings)
    }
}
