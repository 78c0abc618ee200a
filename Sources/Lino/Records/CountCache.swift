import Foundation

/// Remembers row counts per query until this process writes to one of the
/// query's tables (its stamp from the database's change counter moves), or for
/// five minutes (other server processes may write too: their changes show in
/// the totals within five minutes), so that paging a large table does not
/// count it again on every page.
final class CountCache: @unchecked Sendable {
    // @unchecked: every access to the mutable state goes through `lock`.
    private let lock = NSLock()
    private var entries: [String: (stamp: Int, at: Date, count: Int)] = [:]
    private let lifetime: TimeInterval = 300

    func get(_ key: String, stamp: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[key], e.stamp == stamp, Date().timeIntervalSince(e.at) < lifetime else { return nil }
        return e.count
    }

    func set(_ key: String, _ count: Int, stamp: Int) {
        lock.lock(); defer { lock.unlock() }
        if entries.count > 10_000 { entries.removeAll() }  // bounded
        entries[key] = (stamp, Date(), count)
    }
}
