// SPDX-License-Identifier: Apache-2.0

/// How a test makes callback attempts fail without a failing receiver (the control plane's fault rules).
public protocol DeliveryFaults: Sendable {
    /// The failure to record instead of sending this attempt, or nil to send it.
    func injectedFailure(url: String, apiKey: String) -> InjectedDeliveryFailure?
}

/// An attempt failed on purpose.
public enum InjectedDeliveryFailure: Sendable, Equatable {
    /// As if the receiver answered this status.
    case status(Int)
    /// As if the connection dropped before an answer.
    case connectionReset
}
