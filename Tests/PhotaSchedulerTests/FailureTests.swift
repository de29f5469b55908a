// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler
import Testing

@Suite struct FailureTests {
    private func plan(
        _ urls: [String], key: String = "key-a", tag: String? = nil, settings: SchedulerSettings = SchedulerSettings()
    ) -> Plan {
        Harness(settings: settings).scheduler.plan(apiKey: key, tier: .fast, tag: tag, imageURLs: urls)
    }

    @Test(arguments: [
        "https://h/p/a.jpg", "https://h/p/a.JPEG", "https://h/a.png?size=large.gif", "https://h/a.webp#frag",
        "https://h/a.HeIc", "https://h/x.y/a.heif", "http://h:8080/a.jpg?",
        "https://h/\u{00E9}t\u{00E9}/caf\u{00E9}.jpg", "https://h/a.jpg#x.gif", "relative/a.png", "a.Jpg",
    ])
    func acceptsSupportedFormats(url: String) {
        #expect(self.plan(Harness.goodURLs + [url]).failure == nil)
    }

    @Test(arguments: [
        "https://h/p/a.gif", "https://h/p/a", "https://h.png", "https://h/a.jpg/", "https://h/a.",
        "https://h/a.bmp?x=.jpg", "https://h/a.jp", "https://h/a.jpgg", "https://h/a.j\u{00E9}g",
        "https://h/a.gif#.jpg", "https://h", "",
        "not a url",
    ])
    func rejectsUnsupportedFormatNamingTheURL(url: String) {
        let expected = PlannedFailure(
            phase: .validating,
            message: "Unsupported image format: \(url). Supported formats are JPEG, PNG, WebP and HEIC/HEIF."
        )
        #expect(self.plan(Harness.goodURLs + [url]).failure == expected)
    }

    @Test func validationTriggerNamesTheURL() {
        let url = "https://h/PHOTA-FAIL-VALIDATION/face.jpg"
        let failure = self.plan(Harness.goodURLs + [url]).failure
        #expect(failure == PlannedFailure(phase: .validating, message: "No subject detected in \(url)"))
    }

    @Test func trainingTriggerFailsInTraining() {
        let failure = self.plan(["https://h/phota-fail-training.jpg"] + Harness.goodURLs).failure
        let message = "Training failed: could not learn a consistent identity from the provided images."
        #expect(failure == PlannedFailure(phase: .training, message: message))
    }

    @Test func formatBeatsTriggersAndValidationBeatsTraining() {
        let urls = ["https://h/phota-fail-training.jpg", "https://h/phota-fail-validation.jpg", "https://h/a.gif"]
        #expect(self.plan(urls).failure?.message.hasPrefix("Unsupported image format: https://h/a.gif.") == true)
        #expect(
            self.plan(Array(urls.prefix(2))).failure?.message
                == "No subject detected in https://h/phota-fail-validation.jpg")
    }

    @Test func rulesMatchByTagAndKeyFirstMatchWins() {
        let settings = SchedulerSettings(failureRules: [
            FailureRule(tag: "broken", apiKey: "key-b", phase: .queuing, message: "both"),
            FailureRule(tag: "broken", phase: .training, message: "tag"),
            FailureRule(apiKey: "key-b", phase: .validating, message: "key"),
        ])
        #expect(
            self.plan(Harness.goodURLs, key: "key-b", tag: "broken", settings: settings).failure
                == PlannedFailure(phase: .queuing, message: "both"))
        #expect(
            self.plan(Harness.goodURLs, key: "key-a", tag: "broken", settings: settings).failure
                == PlannedFailure(phase: .training, message: "tag"))
        #expect(
            self.plan(Harness.goodURLs, key: "key-b", tag: nil, settings: settings).failure
                == PlannedFailure(phase: .validating, message: "key"))
        #expect(self.plan(Harness.goodURLs, key: "key-a", tag: "fine", settings: settings).failure == nil)
    }

    @Test func probabilityOneAlwaysFailsAndZeroNever() {
        let always = SchedulerSettings(
            failureProbability: 1, randomFailure: PlannedFailure(phase: .queuing, message: "x"))
        let harness = Harness(settings: always)
        for _ in 0..<20 {
            #expect(
                harness.scheduler.plan(apiKey: "k", tier: .fast, tag: nil, imageURLs: Harness.goodURLs).failure
                    == PlannedFailure(phase: .queuing, message: "x"))
        }
        let never = Harness(settings: SchedulerSettings(failureProbability: 0))
        for _ in 0..<20 {
            #expect(
                never.scheduler.plan(apiKey: "k", tier: .fast, tag: nil, imageURLs: Harness.goodURLs).failure == nil)
        }
    }

    @Test func probabilityHalfIsReproducibleAndMixed() {
        let settings = SchedulerSettings(seed: 99, failureProbability: 0.5)
        let first = Harness(settings: settings).scheduler
        let second = Harness(settings: settings).scheduler
        let a = (0..<64).map { _ in first.plan(apiKey: "k", tier: .fast, tag: nil, imageURLs: Harness.goodURLs).failure
        }
        let b = (0..<64).map { _ in second.plan(apiKey: "k", tier: .fast, tag: nil, imageURLs: Harness.goodURLs).failure
        }
        #expect(a == b)
        #expect(a.contains(nil))
        #expect(a.contains(SchedulerSettings.defaultRandomFailure))
    }

    @Test func eachFailurePhaseEndsInErrorAtItsBoundary() throws {
        let harness = Harness(slots: 2)
        try harness.submit("v", plan: .make(500, 500, 1500, fail: PlannedFailure(phase: .validating, message: "mv")))
        try harness.submit("q", plan: .make(500, 500, 1500, fail: PlannedFailure(phase: .queuing, message: "mq")))
        try harness.submit("t", plan: .make(500, 500, 1500, fail: PlannedFailure(phase: .training, message: "mt")))
        harness.clock.set(to: 499)
        #expect(harness.status("v") == .validating)
        harness.clock.set(to: 500)
        #expect(harness.state("v") == ProfileState(status: .error, message: "mv", since: 500))
        harness.clock.set(to: 999)
        #expect(harness.status("q") == .queuing)
        harness.clock.set(to: 1000)
        #expect(harness.state("q") == ProfileState(status: .error, message: "mq", since: 1000))
        #expect(harness.state("t") == ProfileState(status: .inProgress, message: nil, since: 1000))
        harness.clock.set(to: 2500)
        #expect(harness.state("t") == ProfileState(status: .error, message: "mt", since: 2500))
        #expect(
            harness.recorder.trace == [
                "v:ERROR@500", "q:QUEUING@500", "t:QUEUING@500", "q:ERROR@1000", "t:IN_PROGRESS@1000", "t:ERROR@2500",
            ]
        )
        #expect(harness.recorder.all.filter { $0.status == .error }.map(\.message) == ["mv", "mq", "mt"])
    }

    @Test func triggerURLRunsToErrorEndToEnd() throws {
        let harness = Harness(slots: 2)
        let url = "https://cdn.example.com/phota-fail-validation/1.jpg"
        let plan = harness.scheduler.plan(apiKey: "key-a", tier: .fast, tag: nil, imageURLs: Harness.goodURLs + [url])
        try harness.scheduler.submit(id: "p", apiKey: "key-a", tier: .fast, plan: plan)
        harness.clock.set(to: 500)
        #expect(
            harness.state("p") == ProfileState(status: .error, message: "No subject detected in \(url)", since: 500))
    }
}
