// SPDX-License-Identifier: Apache-2.0
import PhotaConfig
import Testing

/// `--help` is generated from the table, so it lists every option with its variable, key and default.
@Suite struct HelpTextTests {
    @Test func everyOptionOfTheTableIsListedWithItsVariableKeyAndDefault() {
        let help = HelpText.render()
        for option in Options.all {
            let facts =
                "env \(option.environmentVariable), " + (option.fileKey.map { "key \($0), " } ?? "no key, ")
                + "default: \(option.defaultValue.description)"
            #expect(help.contains("\n  \(option.flag)"), "\(option.flag)")
            #expect(help.contains(facts), "\(facts)")
        }
    }

    @Test func theTableNamesEachFlagVariableAndKeyOnce() {
        for names in [
            Options.all.map(\.flag), Options.all.map(\.environmentVariable), Options.all.compactMap(\.fileKey),
        ] {
            #expect(Set(names).count == names.count, "\(names)")
        }
    }

    @Test func anEntryShowsThePlaceholderAndWrapsTheHelp() {
        #expect(
            HelpText.render().contains(
                """
                  --max-body-bytes <n>
                      Largest request body in bytes, after de-chunking (larger: 413).
                      env PHOTA_MOCK_MAX_BODY_BYTES, key max_body_bytes, default: 8388608

                """))
        #expect(
            HelpText.render().contains(
                """
                  --api-key <key>
                      Accept only this key; without any, every well-formed key is its own account. Repeatable; the
                      variable is comma-separated, the key an array.
                      env PHOTA_MOCK_API_KEYS, key api_keys, default: any key

                """))
    }

    @Test func everyLineFitsIn100Columns() {
        for line in HelpText.render().split(separator: "\n") { #expect(line.count <= 100, "\(line)") }
    }
}
