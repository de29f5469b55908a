// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import FoundationEssentials
import PhotaAPI
import PhotaApp

/// Real image downloads during `VALIDATING`, as flags; defaults are `ImageFetchLimits`' own.
struct FetchOptions: ParsableArguments {
    @Flag(help: "Download every image URL while VALIDATING and fail profiles whose images are unreachable or not JPEG, PNG, WebP or HEIC/HEIF. Env: PHOTA_MOCK_FETCH_IMAGES=1.")
    var fetchImages = false

    @Option(help: "Most image downloads in flight at once, over all profiles.")
    var fetchConcurrency: Int = ImageFetchLimits().maxConcurrent

    @Option(help: "Seconds one image download may take.")
    var fetchTimeout: Double = ImageFetchLimits().timeoutSeconds

    @Option(help: "Largest image accepted, in bytes.")
    var fetchMaxBytes: Int = ImageFetchLimits().maxBytes

    func validate() throws {
        guard self.fetchConcurrency >= 1 && self.fetchConcurrency <= 1024 else {
            throw ValidationError("--fetch-concurrency must be between 1 and 1024.")
        }
        guard self.fetchTimeout > 0 && self.fetchTimeout < 86_400 else {
            throw ValidationError("--fetch-timeout must be between 0 and 86400 seconds.")
        }
        guard self.fetchMaxBytes >= 1 else { throw ValidationError("--fetch-max-bytes must be at least 1.") }
    }

    /// The flag, or `PHOTA_MOCK_FETCH_IMAGES` set to `1`, `true` or `yes`.
    var enabled: Bool {
        let value = EnvironmentFallback.process.string("PHOTA_MOCK_FETCH_IMAGES")?.lowercased() ?? ""
        return self.fetchImages || ["1", "true", "yes"].contains(value)
    }

    func apply(to config: inout AppConfig) {
        config.fetchImages = self.enabled
        config.imageFetch = ImageFetchLimits(
            maxConcurrent: self.fetchConcurrency, timeoutSeconds: self.fetchTimeout, maxBytes: self.fetchMaxBytes)
    }
}
