import Foundation

/// Runs blocking calls (libldap) on threads of their own and stops waiting for them
/// after a deadline. A call that hangs past it goes on in the background until
/// its own socket timeouts end it; `maxPending` bounds how many may hang at once,
/// so that a directory that swallows every request cannot exhaust the threads.
///
/// Own threads, not Dispatch: libdispatch's global pool has about one thread per
/// core here, shared with the database queues and timers, so two hanging TLS
/// handshakes would stop the whole server (and the deadline timer with it).
final class BlockingDeadline: @unchecked Sendable {
    // @unchecked: `pending` is only touched under `lock`.
    private let lock = NSLock()
    private var pending = 0
    private let maxPending: Int

    /// Few: libldap 2.5 spins on a core in the TLS handshake of an LDAPS server that accepts
    /// and never answers, until that server closes the connection (docs/LDAP.md).
    init(maxPending: Int = 4) { self.maxPending = maxPending }

    /// The body's result, or nil when it did not finish within `seconds` (or too many calls hang).
    func run<T: Sendable>(seconds: Double, _ body: @escaping @Sendable () -> T) async -> T? {
        guard reserve() else { return nil }
        let once = Once<T?>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            once.set(continuation)
            let thread = Thread {
                let value = body()
                self.release()
                once.resume(value)
            }
            thread.name = "lino.directory"
            thread.start()
            // The deadline sleeps on the concurrency runtime, which no blocked thread can stall.
            Task {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                once.resume(nil)
            }
        }
    }

    private func reserve() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard pending < maxPending else { return false }
        pending += 1
        return true
    }

    private func release() {
        lock.lock(); pending -= 1; lock.unlock()
    }
}

/// Resumes a continuation once, whichever of the result or the deadline comes first.
private final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?

    func set(_ c: CheckedContinuation<T, Never>) {
        lock.lock(); continuation = c; lock.unlock()
    }

    func resume(_ value: T) {
        lock.lock()
        let c = continuation
        continuation = nil
        lock.unlock()
        c?.resume(returning: value)
    }
}
