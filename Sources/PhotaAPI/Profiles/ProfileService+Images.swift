// SPDX-License-Identifier: Apache-2.0
import PhotaScheduler

extension ProfileService {
    /// Submits the profile to the scheduler. With an image fetcher, the profile is held in `VALIDATING`
    /// until every image has been downloaded and checked, then released with the first failure, if any.
    /// A profile already planned to fail validation (an unsupported extension, a trigger word) is not
    /// downloaded: its planned failure stands.
    /// - Throws: ``SchedulerError`` when the id is already scheduled.
    func startTraining(id: String, apiKey: String, tier: TrainingTier, plan: Plan, imageURLs: [String]) throws {
        guard let images = self.images, plan.failure?.phase != .validating else {
            try self.scheduler.submit(id: id, apiKey: apiKey, tier: tier, plan: plan)
            return
        }
        try self.scheduler.submit(id: id, apiKey: apiKey, tier: tier, plan: plan, held: true)
        images.check(urls: imageURLs) { [scheduler, logger] failure in
            // False when the profile was deleted (or its insert failed) while downloading: nothing to do.
            scheduler.release(id: id, failure: failure?.message)
            if let failure {
                logger.info("image check failed", metadata: ["profile.id": "\(id)", "error": "\(failure.message)"])
            }
        }
    }
}
