// SPDX-License-Identifier: Apache-2.0
import FoundationEssentials
import PhotaScheduler
import PhotaStorage

extension ProfileService {
    /// True when a profile with this plan is held in `VALIDATING` while its images are downloaded: only
    /// with an image fetcher, and never for a profile already planned to fail validation (an unsupported
    /// extension, a trigger word, a rule), whose planned failure stands.
    public func checksImages(_ plan: Plan) -> Bool {
        self.images != nil && plan.failure?.phase != .validating
    }

    /// Submits the profile to the scheduler, held while its images are downloaded and checked when
    /// ``checksImages(_:)``; then released with the first failure, if any.
    /// - Throws: ``SchedulerError`` when the id is already scheduled.
    func startTraining(
        id: String, apiKey: String, tier: TrainingTier, plan: Plan, imageURLs: [String], startedAt: Int64
    ) throws {
        let held = self.checksImages(plan)
        try self.scheduler.submit(id: id, apiKey: apiKey, tier: tier, plan: plan, held: held, startedAt: startedAt)
        if held { self.checkImages(id: id, urls: imageURLs) }
    }

    /// Checks again, after a restart, the images of stored profiles the scheduler restored held.
    /// - Parameter records: the restored records; those not held are skipped.
    public func resumeImageChecks(_ records: [ProfileRecord]) {
        for record in records where self.scheduler.isHeld(id: record.id) {
            let urls = (try? JSONDecoder().decode([String].self, from: Data(record.imageURLs.utf8))) ?? []
            self.checkImages(id: record.id, urls: urls)
        }
    }

    private func checkImages(id: String, urls: [String]) {
        self.images?.check(urls: urls) { [scheduler, logger] failure in
            // False when the profile was deleted (or its insert failed) while downloading: nothing to do.
            scheduler.release(id: id, failure: failure?.message)
            if let failure {
                logger.info("image check failed", metadata: ["profile.id": "\(id)", "error": "\(failure.message)"])
            }
        }
    }
}
