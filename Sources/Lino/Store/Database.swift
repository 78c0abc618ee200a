import Foundation

/// How a column is stored; decides how values are bound and read back.
public enum ColumnType: Sendable, Hashable {
    case int
    case bool
    case text
    /// Exact decimal stored as integer minor units (`scale` decimals).
    case decimal(scale: Int)
    case date
    case datetime
    case blob
}

/// A failure of the store, with the database's own message for the log.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable {
        case connect, prepare, execute, constraint, busy
        /// A value the database cannot hold (a NUL in text): the request's fault, not the server's.
        case invalidInput
    }
    public let kind: Kind
    public let message: String
    public let sql: String?

    public init(_ kind: Kind, _ message: String, sql: String? = nil) {
        self.kind = kind
        self.message = message
        self.sql = sql
    }

    public var description: String { "\(kind): \(message)" + (sql.map { " [\($0)]" } ?? "") }
}

/// One open connection. Used only inside `Database.read` / `write`, on the
/// store's own thread, never concurrently.
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows. SQL uses `?` placeholders.
    func execute(_ sql: String, _ params: [Value]) throws

    /// Runs a query and decodes each column with the given types.
    func query(_ sql: String, _ params: [Value], types: [ColumnType]) throws -> [[Value]]

    /// Runs a query, giving up (nil) once the database has taken about `budget` steps
    /// of work on it: a walk along a sort order whose matches come too late costs no
    /// more than the other way to the same rows, which the caller then takes.
    func query(_ sql: String, _ params: [Value], types: [ColumnType], budget: Int) throws -> [[Value]]?

    /// Runs several statements without parameters (DDL scripts).
    func executeScript(_ sql: String) throws
}

extension SQLConnection {
    public func execute(_ sql: String) throws { try execute(sql, []) }

    /// The rows of `walk` (a walk along a sort order), or, once it has spent `budget`,
    /// those of `drive`, the other way to the same rows.
    public func query(walk: (sql: String, params: [Value]), else drive: (sql: String, params: [Value]),
                      types: [ColumnType], budget: Int) throws -> [[Value]] {
        if let found = try query(walk.sql, walk.params, types: types, budget: budget) { return found }
        return try query(drive.sql, drive.params, types: types)
    }

    /// The first column of the first row, decoded as `type`.
    public func scalar(_ sql: String, _ params: [Value] = [], type: ColumnType = .int) throws -> Value {
        try query(sql, params, types: [type]).first?.first ?? .null
    }
}

/// A database: SQLite or PostgreSQL. Blocking work runs on the store's own
/// threads; callers `await` it, so NIO event loops never block.
///
/// ```swift
/// let n = try await db.read { c in try c.scalar("SELECT count(*) FROM users_user") }
/// try await db.write { c in try c.execute("UPDATE ...", [.int(1)]) }
/// ```
public protocol Database: Sendable {
    var dialect: SQLDialect { get }

    /// Changes made by this process, for caches of what was read.
    var changes: ChangeCounter { get }

    /// Statements run so far on any connection.
    var statements: StatementCounter { get }

    /// Runs `body` on a reading connection.
    /// - Parameter lengthy: the read may take long (an export, a check of every record):
    ///   SQLite then runs it on a connection's own thread, never on the caller's.
    func read<T: Sendable>(lengthy: Bool, _ body: @Sendable @escaping (SQLConnection) throws -> T) async throws -> T

    /// Runs `body` in a transaction on the writing connection; any thrown error rolls it back.
    func write<T: Sendable>(_ body: @Sendable @escaping (SQLConnection) throws -> T) async throws -> T

    /// Closes every connection.
    func close() async
}

extension Database {
    /// Runs `body` on a reading connection (a short read: a page, a record, a count).
    public func read<T: Sendable>(_ body: @Sendable @escaping (SQLConnection) throws -> T) async throws -> T {
        try await read(lengthy: false, body)
    }
}

/// Opens a database from a URL: `sqlite:PATH`, `sqlite::memory:` or `postgres://user@host:port/db`.
public func openDatabase(url: String) throws -> Database {
    if url.hasPrefix("sqlite:") {
        return try SQLiteDatabase(path: String(url.dropFirst("sqlite:".count)))
    }
    if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
        return try PostgresDatabase(url: url)
    }
    throw StoreError(.connect, "Unknown database URL '\(url)': use sqlite:PATH or postgres://user@host:port/db")
}
