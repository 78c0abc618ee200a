import Foundation

/// Sessions read in the last few seconds, so that a burst of requests does not
/// read the same session row for each. An entry is dropped as soon as this
/// process changes data (logout, act as, a user edited...), and after
/// `lifetime` seconds, which bounds how long another process's logout or a
/// deactivation there takes to apply here.
final class SessionCache: @unchecked Sendable {
    // @unchecked: every access to the mutable state goes through `lock`.
    private let lock = NSLock()
    private var entries: [String: (change: Int, at: Date, until: Date, session: Session)] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval = 5) { self.lifetime = lifetime }

    func get(_ token: String, change: Int, now: Date = Date()) -> Session? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries[token] else { return nil }
        guard e.change == change, now.timeIntervalSince(e.at) < lifetime, now < e.until else {
            entries[token] = nil
            return nil
        }
        return e.session
    }

    /// Keeps a session read; `until` is when it must be read again at the latest
    /// (its absolute end of life, or its next directory check).
    func set(_ session: Session, change: Int, now: Date = Date(), until: Date = .distantFuture) {
        lock.lock(); defer { lock.unlock() }
        if entries.count > 10_000 { entries = entries.filter { $0.value.change == change && now.timeIntervalSince($0.value.at) < lifetime } }
        entries[session.token] = (change, now, until, session)
    }
}
