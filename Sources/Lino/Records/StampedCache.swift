import Foundation

/// Remembers what a query found (a row count, the first and last ids of a sorted
/// list) until this process writes to one of the query's tables (its stamp from the
/// database's change counter moves), or for five minutes (other server processes may
/// write too: their changes show within five minutes), so that paging a large table
/// does not count it again on every page.
final class StampedCache<Entry: Sendable>: @unchecked Sendable {
    // @unchecked: every access to the mutable state goes through `lock`.
    private let lock = NSLock()
    private var entries: [String: (stamp: Int, at: Date, entry: Entry)] = [:]
    private let lifetime: TimeInterval = 300

    func get(_ key: String, stamp: Int) -> Entry? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[key], e.stamp == stamp, Date().timeIntervalSince(e.at) < lifetime else { return nil }
        return e.entry
    }

    func set(_ key: String, _ entry: Entry, stamp: Int) {
        lock.lock(); defer { lock.unlock() }
        if entries.count > 10_000 { entries.removeAll() }  // bounded
        entries[key] = (stamp, Date(), entry)
    }
}
