// SPDX-License-Identifier: Apache-2.0
import PhotaAPIKit
import PhotaHTTP
import PhotaStorage

extension StudioService {
    /// 403 for a link whose signature does not match what it names.
    static let invalidSignature = APIError(
        status: HTTPStatus(403), detail: "The download link's signature is invalid.")
    /// 403 for a link past its expiry.
    static let linkExpired = APIError(
        status: HTTPStatus(403), detail: "The download link has expired.")
    /// 404 for a link to an output that no longer exists (its account was reset).
    static let outputNotFound = APIError(status: .notFound, detail: "Not Found")

    /// What a download link names, checked: signature first (no read for a forged link), then the output, then
    /// the expiry on the owner's clock.
    /// - Returns: the spec and the image index to render.
    /// - Throws: `403` for a bad signature or an expired link, `404` for an unknown output or index.
    public func resolveDownload(
        outputID: String, file: String, expires: String?, signature: String?
    ) throws(APIError) -> (spec: RenderSpec, index: Int) {
        guard let expiresText = expires, let expiry = Int64(expiresText), let signature,
            self.signer.isValid(signature: signature, outputID: outputID, file: file, expires: expiry)
        else { throw Self.invalidSignature }
        guard let (index, format) = DownloadLink.parseFile(file) else { throw Self.outputNotFound }
        let record: StudioOutputRecord?
        do {
            record =
                try self.storage.read { db in try StudioOutputRepository(db).find(id: outputID) }
                ?? self.pendingOutputs.withLock { $0[outputID] }
        } catch {
            self.logger.error("storage read failed", metadata: ["error": "\(error)"])
            throw .internalError
        }
        guard let record, let spec = RenderSpec(storedJSON: record.spec), spec.format == format, index < spec.count
        else { throw Self.outputNotFound }
        guard self.clock.now(account: record.apiKey) <= expiry &* 1000 else { throw Self.linkExpired }
        return (spec, index)
    }

    /// Image `index` of `spec`, rendered on the calling thread unless already made.
    public func image(_ spec: RenderSpec, index: Int) -> [UInt8] {
        self.renders.image(spec, index: index)
    }

    /// Renders image `index` of `spec` on the render queue (pictures too large for the event loop).
    public func renderLater(_ spec: RenderSpec, index: Int, completion: @escaping @Sendable ([UInt8]) -> Void) {
        self.renderQueue.async { completion(self.renders.image(spec, index: index)) }
    }
}
