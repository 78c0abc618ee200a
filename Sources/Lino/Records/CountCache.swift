import Foundation

/// Remembers row counts per query until this process writes (the database's
/// change counter moves), or for five minutes (other server processes may
/// write too: their changes show in the totals within five minutes), so that
/// paging a large table does not count it again on every page.
final class CountCache: @unchecked Sendable {
    // @unchecked: every access to the mutable state goes through `lock`.
    private let lock = NSLock()
    private var entries: [String: (change: Int, at: Date, count: Int)] = [:]
    private let lifetime: TimeInterval = 300

    func get(_ key: String, change: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[key], e.change == change, Date().timeIntervalSince(e.at) < lifetime else { return nil }
        return e.count
    }

    func set(_ key: String, _ count: Int, change: Int) {
        lock.lock(); defer { lock.unlock() }
        // Entries of older changes are dead weight; so is an unbounded cache.
        if entries.count > 10_000 || entries.values.first.map({ $0.change != change }) == true { entries.removeAll() }
        entries[key] = (change, Date(), count)
    }
}
