import Foundation
import Testing
@testable import QalxanCore

@Suite struct WorkflowTests {
    private let t0 = Date(timeIntervalSince1970: 1_795_392_000)  // 2026-11-23T00:00:00Z
    private func at(_ minutes: Int) -> Date { t0.addingTimeInterval(TimeInterval(minutes * 60)) }

    /// Every (from, to) pair of statuses, 64 in all.
    static let allPairs: [(IncidentStatus, IncidentStatus)] =
        IncidentStatus.allCases.flatMap { from in IncidentStatus.allCases.map { (from, $0) } }

    @Test(arguments: allPairs)
    func transitionSucceedsExactlyWhenAllowed(from: IncidentStatus, to: IncidentStatus) throws {
        let clock = IncidentClock()
        if from.allowedTargets.contains(to) {
            #expect(from.canMove(to: to))
            _ = try Workflow.transition(from: from, to: to, clock: clock, at: t0)
        } else {
            #expect(!from.canMove(to: to))
            #expect(throws: WorkflowError.transitionNotAllowed(from: from, to: to)) {
                _ = try Workflow.transition(from: from, to: to, clock: clock, at: t0)
            }
        }
    }

    @Test func allowedTargetsFollowTheDesignedWorkflow() {
        // new → open → in progress → waiting → resolved → closed, or rejected / merged.
        let expected: [IncidentStatus: Set<IncidentStatus>] = [
            .new: [.open, .inProgress, .rejected, .merged],
            .open: [.inProgress, .waiting, .resolved, .rejected, .merged],
            .inProgress: [.open, .waiting, .resolved, .rejected, .merged],
            .waiting: [.open, .inProgress, .resolved, .merged],
            .resolved: [.inProgress, .closed],
            .closed: [.open],
            .rejected: [.open],
            .merged: [],
        ]
        for status in IncidentStatus.allCases {
            #expect(Set(status.allowedTargets) == expected[status], "targets of \(status)")
            #expect(Set(status.allowedTargets).count == status.allowedTargets.count, "duplicate target of \(status)")
            #expect(!status.canMove(to: status), "\(status) moves to itself")
            #expect(!status.canMove(to: .new), "\(status) goes back to new")
        }
    }

    @Test func everyStatusIsReachableFromNew() {
        var seen: Set<IncidentStatus> = [.new]
        var frontier: [IncidentStatus] = [.new]
        while let s = frontier.popLast() {
            for t in s.allowedTargets where seen.insert(t).inserted { frontier.append(t) }
        }
        #expect(seen == Set(IncidentStatus.allCases))
    }

    @Test func mergedIsTerminal() {
        #expect(IncidentStatus.merged.allowedTargets.isEmpty)
        #expect(!IncidentStatus.merged.isActive)
        for target in IncidentStatus.allCases {
            #expect(throws: WorkflowError.transitionNotAllowed(from: .merged, to: target)) {
                _ = try Workflow.transition(from: .merged, to: target, clock: IncidentClock(), at: t0)
            }
        }
    }

    @Test func refusedTransitionIsReportedWithBothEnds() {
        do throws(WorkflowError) {
            _ = try Workflow.transition(from: .closed, to: .resolved, clock: IncidentClock(), at: t0)
            Issue.record("closed → resolved was accepted")
        } catch {
            #expect(error == .transitionNotAllowed(from: .closed, to: .resolved))
        }
    }

    @Test(arguments: IncidentStatus.new.allowedTargets)
    func firstMoveOutOfNewStampsFirstResponse(target: IncidentStatus) throws {
        let clock = try Workflow.transition(from: .new, to: target, clock: IncidentClock(), at: at(5))
        #expect(clock.firstResponseAt == at(5))
    }

    @Test func firstResponseIsNeverChangedLater() throws {
        var clock = IncidentClock()
        var status = IncidentStatus.new
        // A long handling: every later move, including reopening, keeps the first response.
        let path: [IncidentStatus] = [.open, .inProgress, .waiting, .inProgress, .resolved, .closed, .open,
                                      .rejected, .open, .resolved, .inProgress, .merged]
        for (i, next) in path.enumerated() {
            clock = try Workflow.transition(from: status, to: next, clock: clock, at: at(10 * (i + 1)))
            status = next
            #expect(clock.firstResponseAt == at(10), "first response changed on the move to \(next)")
        }
    }

    @Test func firstResponseRecordedBeforeTheFirstMoveIsKept() throws {
        let commented = Workflow.recordResponse(clock: IncidentClock(), at: at(1))
        let clock = try Workflow.transition(from: .new, to: .open, clock: commented, at: at(30))
        #expect(clock.firstResponseAt == at(1))
    }

    @Test func movesBetweenLaterStatusesDoNotInventAFirstResponse() throws {
        // Only leaving `new` (or staff activity) is a response; other moves leave the clock's
        // first response as it was.
        let clock = try Workflow.transition(from: .open, to: .inProgress, clock: IncidentClock(), at: at(5))
        #expect(clock.firstResponseAt == nil)
    }

    @Test func resolvingStampsResolvedAndClearsClosed() throws {
        let clock = try Workflow.transition(from: .inProgress, to: .resolved,
                                            clock: IncidentClock(firstResponseAt: at(1)), at: at(60))
        #expect(clock == IncidentClock(firstResponseAt: at(1), resolvedAt: at(60), closedAt: nil))
    }

    @Test func closingKeepsTheResolutionTime() throws {
        let resolved = IncidentClock(firstResponseAt: at(1), resolvedAt: at(60))
        let clock = try Workflow.transition(from: .resolved, to: .closed, clock: resolved, at: at(120))
        #expect(clock == IncidentClock(firstResponseAt: at(1), resolvedAt: at(60), closedAt: at(120)))
    }

    @Test func closingWithoutAResolutionTimeStampsBoth() throws {
        let clock = try Workflow.transition(from: .resolved, to: .closed,
                                            clock: IncidentClock(firstResponseAt: at(1)), at: at(120))
        #expect(clock.resolvedAt == at(120))
        #expect(clock.closedAt == at(120))
    }

    @Test func reopeningAClosedIncidentClearsResolvedAndClosed() throws {
        let closed = IncidentClock(firstResponseAt: at(1), resolvedAt: at(60), closedAt: at(120))
        let clock = try Workflow.transition(from: .closed, to: .open, clock: closed, at: at(200))
        #expect(clock == IncidentClock(firstResponseAt: at(1), resolvedAt: nil, closedAt: nil))
    }

    @Test func reopeningAResolvedIncidentClearsResolved() throws {
        let resolved = IncidentClock(firstResponseAt: at(1), resolvedAt: at(60))
        let clock = try Workflow.transition(from: .resolved, to: .inProgress, clock: resolved, at: at(90))
        #expect(clock == IncidentClock(firstResponseAt: at(1), resolvedAt: nil, closedAt: nil))
    }

    @Test func rejectingStampsClosedOnlyAndReopeningClearsIt() throws {
        let rejected = try Workflow.transition(from: .new, to: .rejected, clock: IncidentClock(), at: at(3))
        #expect(rejected == IncidentClock(firstResponseAt: at(3), resolvedAt: nil, closedAt: at(3)))
        let reopened = try Workflow.transition(from: .rejected, to: .open, clock: rejected, at: at(50))
        #expect(reopened == IncidentClock(firstResponseAt: at(3), resolvedAt: nil, closedAt: nil))
    }

    @Test func mergingStampsClosed() throws {
        let clock = try Workflow.transition(from: .waiting, to: .merged,
                                            clock: IncidentClock(firstResponseAt: at(1)), at: at(70))
        #expect(clock.closedAt == at(70))
        #expect(clock.resolvedAt == nil)
    }

    @Test func refusedTransitionLeavesNoTrace() throws {
        // The clock is a value: a refused move cannot have stamped anything.
        let clock = IncidentClock(firstResponseAt: at(1), resolvedAt: at(60), closedAt: at(120))
        #expect(throws: WorkflowError.self) {
            _ = try Workflow.transition(from: .closed, to: .inProgress, clock: clock, at: at(500))
        }
        #expect(clock == IncidentClock(firstResponseAt: at(1), resolvedAt: at(60), closedAt: at(120)))
    }

    @Test func recordResponseSetsOnlyWhenUnset() {
        let first = Workflow.recordResponse(clock: IncidentClock(), at: at(7))
        #expect(first.firstResponseAt == at(7))
        let again = Workflow.recordResponse(clock: first, at: at(99))
        #expect(again.firstResponseAt == at(7))
        // It touches nothing else.
        let closed = IncidentClock(resolvedAt: at(60), closedAt: at(120))
        #expect(Workflow.recordResponse(clock: closed, at: at(130))
                == IncidentClock(firstResponseAt: at(130), resolvedAt: at(60), closedAt: at(120)))
    }

    @Test func activeStatusesAreThoseStillNeedingWork() {
        let active = Set(IncidentStatus.allCases.filter(\.isActive))
        #expect(active == [.new, .open, .inProgress, .waiting])
    }

    @Test func rawValuesAndLabelKeys() {
        #expect(IncidentStatus.inProgress.rawValue == "in_progress")
        #expect(IncidentStatus(rawValue: "in_progress") == .inProgress)
        #expect(IncidentStatus.waiting.labelKey == "status.waiting")
        #expect(IncidentStatus.inProgress.labelKey == "status.in_progress")
    }
}
