import Dispatch

/// A connection with the serial queue it is confined to.
///
/// `@unchecked Sendable`: the connection is only touched from `queue`, and the
/// pool hands each one to a single borrower at a time.
final class ConfinedConnection: @unchecked Sendable {
    let connection: SQLConnection
    private let queue: DispatchQueue

    init(_ connection: SQLConnection, label: String) {
        self.connection = connection
        self.queue = DispatchQueue(label: label)
    }

    /// Runs blocking work on this connection's own thread.
    func run<T: Sendable>(_ body: @Sendable @escaping (SQLConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(self.connection) })
            }
        }
    }
}

/// Lends connections one borrower at a time; borrowers wait when all are busy.
actor ConnectionPool {
    private var idle: [ConfinedConnection]
    private var waiters: [CheckedContinuation<ConfinedConnection, Never>] = []
    let all: [ConfinedConnection]

    init(_ connections: [ConfinedConnection]) {
        self.idle = connections
        self.all = connections
    }

    func acquire() async -> ConfinedConnection {
        if let c = idle.popLast() { return c }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ c: ConfinedConnection) {
        if waiters.isEmpty {
            idle.append(c)
        } else {
            waiters.removeFirst().resume(returning: c)
        }
    }

    /// Borrows a connection for the duration of `body`.
    nonisolated func with<T: Sendable>(_ body: @Sendable @escaping (SQLConnection) throws -> T) async throws -> T {
        let c = await acquire()
        do {
            let result = try await c.run(body)
            await release(c)
            return result
        } catch {
            await release(c)
            throw error
        }
    }
}

/// Wraps `body` in BEGIN / COMMIT, rolling back on any error.
func inTransaction<T>(_ c: SQLConnection, begin: String, _ body: (SQLConnection) throws -> T) throws -> T {
    try c.executeScript(begin)
    do {
        let result = try body(c)
        try c.executeScript("COMMIT")
        return result
    } catch {
        try? c.executeScript("ROLLBACK")
        throw error
    }
}
