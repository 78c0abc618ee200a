import Foundation

/// Remembers row counts per query until this process writes, or for five
/// minutes (other server processes may write too: their changes show in the
/// totals within five minutes), so that paging a large table does not count it
/// again on every page.
final class CountCache: @unchecked Sendable {
    // @unchecked: every access to the mutable state goes through `lock`.
    private let lock = NSLock()
    private var generation = 0
    private var entries: [String: (generation: Int, at: Date, count: Int)] = [:]
    private let lifetime: TimeInterval = 300

    func get(_ key: String) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[key], e.generation == generation, Date().timeIntervalSince(e.at) < lifetime else { return nil }
        return e.count
    }

    func set(_ key: String, _ count: Int) {
        lock.lock(); defer { lock.unlock() }
        if entries.count > 10_000 { entries.removeAll() }
        entries[key] = (generation, Date(), count)
    }

    /// Called after every write.
    func invalidate() {
        lock.lock(); defer { lock.unlock() }
        generation += 1
        entries.removeAll(keepingCapacity: true)
    }
}
