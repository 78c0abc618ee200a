import Foundation
import Synchronization

/// Counts the statements a database ran, for tests that a request costs a fixed
/// number of queries however many rows it shows (no query per row).
/// With `WELFARE_TRACE_SQL=1` each statement is also written to stderr (to see
/// what a request costs while tuning it).
public final class StatementCounter: Sendable {
    private let count = Atomic<Int>(0)
    private static let trace = ProcessInfo.processInfo.environment["WELFARE_TRACE_SQL"] == "1"
    public init() {}
    public var value: Int { count.load(ordering: .relaxed) }
    func increment(_ sql: @autoclosure () -> String) {
        count.add(1, ordering: .relaxed)
        if Self.trace { FileHandle.standardError.write(Data(("SQL " + sql() + "\n").utf8)) }
    }
}

/// Counts the changes this process made to data that in-memory caches hold.
/// A cache entry remembers a stamp and is stale as soon as the stamp moves:
/// `value` moves with any change (sessions use it); `stamp(of:)` only with
/// changes to the given tables or to everything (grid counts use it, so that a
/// note written does not make the persons be counted again). Writes of other
/// processes are not seen here: those caches also expire after a while.
public final class ChangeCounter: Sendable {
    private struct State {
        var sequence = 0
        var everything = 0
        var byTable: [String: Int] = [:]
    }
    private let state = Mutex(State())

    public init() {}

    /// Moves with every change.
    public var value: Int { state.withLock { $0.sequence } }

    /// Moves when one of `tables` changes, or everything.
    public func stamp(of tables: Set<String>) -> Int {
        state.withLock { s in tables.reduce(s.everything) { $0 + (s.byTable[$1] ?? 0) } }
    }

    /// After a committed write to these tables.
    public func bump(tables: [String]) {
        state.withLock { s in
            s.sequence += 1
            for t in tables { s.byTable[t, default: 0] += 1 }
        }
    }

    /// After a committed write whose reach is wider than one model (deletes
    /// with cascades, actions, merges): every cached read is stale.
    public func bump() {
        state.withLock { s in
            s.sequence += 1
            s.everything += 1
        }
    }
}
