import Testing

// SPDX-License-Identifier: Apache-2.0
@testable import PhotaStorage

@Suite struct HistoryTextTests {
    @Test func encodesOneLinePerTransition() {
        let text = HistoryText.encode([
            Transition(profileID: "p", status: "QUEUING", at: 1_763_700_000_000),
            Transition(
                profileID: "p", status: "ERROR", at: 1_763_700_004_000,
                message: "No subject detected in https://h/a.jpg"),
            Transition(profileID: "p", status: "INACTIVE", at: 7, message: ""),
        ])
        #expect(
            text == "1763700000000 QUEUING\n1763700004000 ERROR No subject detected in https://h/a.jpg\n7 INACTIVE \n")
    }

    @Test(arguments: [
        nil, "", " ", "a\nb", "back\\slash", "\\n is not a line feed", "trailing \\", "ünïcødé 🙂\r\n\t", "\n\n",
    ])
    func messagesRoundTrip(message: String?) {
        let transitions = [
            Transition(profileID: "p", status: "ERROR", at: -5, message: message),
            Transition(profileID: "p", status: "READY", at: 9),
        ]
        #expect(HistoryText.decode(HistoryText.encode(transitions), id: "p") == transitions)
        #expect(HistoryText.decode(HistoryText.encode(transitions), id: "p")[0].message == message)
    }

    @Test func emptyTextIsNoHistoryAndBrokenLinesAreSkipped() {
        #expect(HistoryText.decode("", id: "p") == [])
        #expect(
            HistoryText.decode("x QUEUING\n12\n3 READY\n", id: "p") == [
                Transition(profileID: "p", status: "READY", at: 3)
            ])
    }
}
