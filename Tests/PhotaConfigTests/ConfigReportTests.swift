// SPDX-License-Identifier: Apache-2.0
import PhotaConfig
import Testing

/// `phota-mock config`: every option's value and source, one line each.
@Suite struct ConfigReportTests {
    private func settings() throws -> (Settings, String) {
        let path = try ConfigFixture.file(#"{"max_body_bytes": 1024, "credit": 5, "scheduler": {"timeScale": 60}}"#)
        let settings = try ConfigFixture.settings(
            ["--threads", "2", "--port=0", "--config", path, "--api-key", "k1", "--frozen-clock"],
            ["PHOTA_MOCK_LOG_FORMAT": "json", "PHOTA_MOCK_FETCH_TIMEOUT": "2.5", "HOME": "/home/t"])
        return (settings, path)
    }

    @Test func theTextReportNamesEverySource() throws {
        let (settings, path) = try self.settings()
        #expect(
            ConfigReport(settings).render(.text) == """
                host = "127.0.0.1"  (default)
                port = 0  (flag --port)
                threads = 2  (flag --threads)
                log_level = "info"  (default)
                log_format = "json"  (env PHOTA_MOCK_LOG_FORMAT)
                max_request_line = 8192  (default)
                max_header_bytes = 32768  (default)
                max_header_count = 100  (default)
                max_body_bytes = 1024  (file \(path))
                header_timeout = 10  (default)
                idle_timeout = 60  (default)
                body_timeout = 30  (default)
                max_connections = 10000  (default)
                shutdown_grace = 10  (default)
                db = "/home/t/.local/share/phota-mock/phota-mock.sqlite3"  (default)
                api_keys = "***"  (flag --api-key)
                api_keys_file = null  (default)
                credit = 5  (file \(path))
                seed = null  (default)
                config = "\(path)"  (flag --config)
                preset = "default"  (default)
                time_scale = 60  (file \(path): scheduler.timeScale)
                jitter = 0  (default)
                fast_slots = 2  (default)
                standard_slots = 2  (default)
                fast_validating = null  (default)
                fast_queuing = null  (default)
                fast_training = null  (default)
                standard_validating = null  (default)
                standard_queuing = null  (default)
                standard_training = null  (default)
                failure_probability = 0  (default)
                random_failure_phase = "training"  (default)
                random_failure_message = "Training failed: the model did not converge on the provided images."  (default)
                frozen_clock = true  (flag --frozen-clock)
                fetch_images = false  (default)
                fetch_concurrency = 8  (default)
                fetch_timeout = 2.5  (env PHOTA_MOCK_FETCH_TIMEOUT)
                fetch_max_bytes = 20971520  (default)
                studio_time = null  (default)
                full_size_images = false  (default)
                job_slots = 4  (default)
                journal_size = 10000  (default)
                journal_body_limit = 4096  (default)
                admin_token = null  (default)
                fixtures = null  (default)

                """)
    }

    @Test func theJSONReportHasOneObjectPerOption() throws {
        let (settings, path) = try self.settings()
        let lines = ConfigReport(settings).render(.json).split(separator: "\n")
        #expect(lines.first == #"{"options":["#)
        #expect(lines.last == "]}")
        #expect(lines.count == Options.all.count + 2)
        #expect(lines.contains(#"  {"key":"port","value":0,"source":"flag","flag":"--port"},"#))
        #expect(lines.contains(#"  {"key":"log_format","value":"json","source":"env","env":"PHOTA_MOCK_LOG_FORMAT"},"#))
        #expect(
            lines.contains(
                #"  {"key":"time_scale","value":60,"source":"file","file":"\#(path)","file_key":"scheduler.timeScale"},"#
            ))
        #expect(lines.contains(#"  {"key":"fixtures","value":null,"source":"default"}"#))
        #expect(lines.contains(#"  {"key":"api_keys","value":"***","source":"flag","flag":"--api-key"},"#))
    }

    @Test func everyOptionHasALineInTableOrder() throws {
        let (settings, _) = try self.settings()
        let keys = ConfigReport(settings).render(.text).split(separator: "\n").map { $0.prefix { $0 != " " } }
        #expect(keys == Options.all.map { Substring($0.key) })
    }

    /// The API keys and the admin token never reach the report, from whichever source; the source still shows.
    @Test func secretsAreMaskedButTheirSourceIsShown() throws {
        let path = try ConfigFixture.file(#"{"admin_token": "file-token", "api_keys": ["file-key"]}"#)
        let fromFile = ConfigReport(try ConfigFixture.settings(["--config", path])).render(.text)
        #expect(fromFile.contains("\napi_keys = \"***\"  (file \(path))\n"))
        #expect(fromFile.contains("\nadmin_token = \"***\"  (file \(path))\n"))

        let settings = try ConfigFixture.settings(
            ["--admin-token", "flag-token"], ["PHOTA_MOCK_API_KEYS": "env-key-1,env-key-2"])
        let text = ConfigReport(settings).render(.text)
        #expect(text.contains("\napi_keys = \"***\"  (env PHOTA_MOCK_API_KEYS)\n"))
        #expect(text.contains("\nadmin_token = \"***\"  (flag --admin-token)\n"))
        let json = ConfigReport(settings).render(.json)
        #expect(json.contains(#"  {"key":"api_keys","value":"***","source":"env","env":"PHOTA_MOCK_API_KEYS"},"#))
        #expect(json.contains(#"  {"key":"admin_token","value":"***","source":"flag","flag":"--admin-token"},"#))
        for report in [fromFile, text, json] {
            for secret in ["file-token", "file-key", "flag-token", "env-key"] {
                #expect(!report.contains(secret), "\(secret)")
            }
        }
        // Unset, a secret is null like any other option: nothing to hide.
        let unset = ConfigReport(try ConfigFixture.settings([])).render(.text)
        #expect(unset.contains("\napi_keys = null  (default)\n"))
        #expect(unset.contains("\nadmin_token = null  (default)\n"))
    }
}
