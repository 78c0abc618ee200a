import Synchronization

/// Counts the changes this process made to data that in-memory caches hold
/// (row counts, sessions). A cache entry remembers the count it was made at
/// and is stale as soon as the count moves. Writes of other processes are
/// not seen here: those caches also expire after a short time.
public final class ChangeCounter: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    public var value: Int { count.load(ordering: .acquiring) }

    /// Called after a committed write that cached reads may depend on.
    public func bump() { count.add(1, ordering: .releasing) }
}
