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
                api_keys = ["k1"]  (flag --api-key)
                api_keys_file = null  (default)
                credit = 5  (file \(path))
                seed = null  (default)
                config = "\(path)"  (flag --config)
                preset = "default"  (default)
                time_scale = 60  (file \(path): scheduler.timeScale)
                jitter = 0  (default)
                fast_slots = 2  (default)
                standard_slots = 2  (default)
                failure_probability = 0  (default)
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
    }
}
