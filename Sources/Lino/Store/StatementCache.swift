/// Prepared statements of one connection by SQL text, at most `capacity` of them:
/// when full, the least recently used tenth is evicted (and handed back to be
/// finalized or deallocated), so that request-dependent SQL (an `in` filter of n
/// values) cannot grow a connection's memory, or the database server's, without bound.
struct StatementCache<Handle> {
    let capacity: Int
    private var entries: [String: (handle: Handle, used: UInt64)] = [:]
    private var clock: UInt64 = 0

    init(capacity: Int = 500) { self.capacity = capacity }

    var count: Int { entries.count }

    mutating func get(_ sql: String) -> Handle? {
        guard let e = entries[sql] else { return nil }
        clock &+= 1
        entries[sql] = (e.handle, clock)
        return e.handle
    }

    /// Adds a statement; returns the ones evicted to make room.
    mutating func insert(_ sql: String, _ handle: Handle) -> [Handle] {
        var evicted: [Handle] = []
        if entries.count >= capacity {
            let oldest = entries.sorted { $0.value.used < $1.value.used }.prefix(max(1, capacity / 10))
            for (key, e) in oldest {
                entries[key] = nil
                evicted.append(e.handle)
            }
        }
        clock &+= 1
        entries[sql] = (handle, clock)
        return evicted
    }

    /// Empties the cache; returns every handle.
    mutating func removeAll() -> [Handle] {
        defer { entries = [:] }
        return entries.values.map(\.handle)
    }
}
