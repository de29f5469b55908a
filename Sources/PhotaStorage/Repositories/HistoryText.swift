// SPDX-License-Identifier: Apache-2.0

/// A profile's status history as stored in its row's `history` column: one line per transition,
/// oldest first, each `<at> <STATUS>` and, when there is a message, a space and the message with
/// `\` written `\\` and a line feed written `\n`. A line without a message part means `nil`;
/// `<at> <STATUS> ` (trailing space) means the empty message.
///
/// Kept in the row, a transition costs nothing beyond the UPDATE the status change makes anyway:
/// no history row, no history index entry, no lookup of the profile per entry.
/// ```
/// 1763700000000 QUEUING
/// 1763700004000 ERROR No subject detected in https://h/a.jpg
/// ```
enum HistoryText {
    /// The lines of `transitions`, in order, to append to the column.
    static func encode<S: Sequence<Transition>>(_ transitions: S) -> String {
        var text = ""
        for transition in transitions {
            text += String(transition.at)
            text += " "
            text += transition.status
            if let message = transition.message {
                text += " "
                text += Self.escape(message)
            }
            text += "\n"
        }
        return text
    }

    /// The transitions of `text` for profile `id`; lines that do not parse are skipped.
    static func decode(_ text: String, id: String) -> [Transition] {
        var transitions: [Transition] = []
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, let at = Int64(String(decoding: parts[0], as: UTF8.self)) else { continue }
            let message = parts.count == 3 ? Self.unescape(String(decoding: parts[2], as: UTF8.self)) : nil
            transitions.append(
                Transition(profileID: id, status: String(decoding: parts[1], as: UTF8.self), at: at, message: message))
        }
        return transitions
    }

    private static func escape(_ message: String) -> String {
        guard message.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n") }) else {
            return message
        }
        var escaped = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        var result = ""
        var escaping = false
        for scalar in text.unicodeScalars {
            if escaping {
                result.unicodeScalars.append(scalar == "n" ? "\n" : scalar)
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
