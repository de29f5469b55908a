// SPDX-License-Identifier: Apache-2.0
import PhotaHTTP
import Testing

@Suite struct DescriptorBudgetTests {
    @Test func keepsTheRequestedCap_WhenTheDescriptorsHoldIt() {
        #expect(DescriptorBudget(limit: 1_048_576, open: 30, reserve: 32).cap(10_000) == 10_000)
    }

    @Test func lowersTheCap_ToWhatIsLeftAfterTheOpenDescriptorsAndTheReserve() {
        #expect(DescriptorBudget(limit: 1024, open: 27, reserve: 32).cap(10_000) == 965)
        #expect(DescriptorBudget(limit: 128, open: 27, reserve: 32).cap(10_000) == 69)
    }

    @Test func leavesOneConnection_WhenNothingIsLeft() {
        #expect(DescriptorBudget(limit: 64, open: 40, reserve: 32).cap(10_000) == 1)
    }
}
