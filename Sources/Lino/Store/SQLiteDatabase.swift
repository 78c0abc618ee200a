import CSQLite
import Foundation
import Synchronization

/// The embedded database: one writing connection and a few reading ones, in WAL mode.
public final class SQLiteDatabase: Database {
    public let dialect = SQLDialect.sqlite
    public let changes = ChangeCounter()
    public let statements = StatementCounter()
    private let writer: ConnectionPool
    private let readers: ConnectionPool
    /// Reading connections lent to the calling thread itself: a read of the database's
    /// pages is CPU work of a fraction of a millisecond, less than the hand-off to a
    /// connection's own thread and back (two wake-ups) costs. When all are busy, a
    /// read waits for one of `readers` as before.
    private let inline: InlineReaders?

    /// - Parameters:
    ///   - path: a file path, or `:memory:` for a private in-memory database (one connection).
    ///   - readers: how many reading connections to open.
    public init(path: String, readers readerCount: Int = 3) throws {
        let statements = self.statements
        if path == ":memory:" {
            let only = ConfinedConnection(try SQLiteConnection(path: path, counter: statements), label: "sqlite.memory")
            writer = ConnectionPool([only])
            readers = writer
            inline = nil
            return
        }
        let w = ConfinedConnection(try SQLiteConnection(path: path, counter: statements), label: "sqlite.writer")
        writer = ConnectionPool([w])
        readers = ConnectionPool(try (0..<readerCount).map {
            ConfinedConnection(try SQLiteConnection(path: path, counter: statements), label: "sqlite.reader\($0)")
        })
        inline = InlineReaders(try (0..<readerCount).map { _ in try SQLiteConnection(path: path, counter: statements) })
    }

    public func read<T: Sendable>(lengthy: Bool, _ body: @Sendable @escaping (SQLConnection) throws -> T) async throws -> T {
        // A lengthy read must not hold one of the few threads that run every request.
        if !lengthy, let inline, let c = inline.take() {
            defer { inline.give(c) }
            return try body(c)
        }
        return try await readers.with(body)
    }

    public func write<T: Sendable>(_ body: @Sendable @escaping (SQLConnection) throws -> T) async throws -> T {
        try await writer.with { c in try inTransaction(c, begin: "BEGIN IMMEDIATE", body) }
    }

    public func close() async {
        for c in writer.all + readers.all {
            _ = try? await c.run { conn in (conn as? SQLiteConnection)?.close() }
        }
        inline?.closeAll()
    }
}

/// Idle reading connections taken and given back under a lock (no suspension).
/// `@unchecked Sendable`: a connection is used by the one borrower holding it.
private final class InlineReaders: @unchecked Sendable {
    private let idle: Mutex<[Int]>
    private let connections: [SQLiteConnection]

    init(_ connections: [SQLiteConnection]) {
        self.connections = connections
        self.idle = Mutex(Array(connections.indices))
    }

    func take() -> SQLiteConnection? {
        idle.withLock { $0.popLast() }.map { connections[$0] }
    }

    func give(_ c: SQLiteConnection) {
        let i = connections.firstIndex { $0 === c }!
        idle.withLock { $0.append(i) }
    }

    func closeAll() { for c in connections { c.close() } }
}

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection with a cache of prepared statements.
final class SQLiteConnection: SQLConnection {
    let dialect = SQLDialect.sqlite
    private var db: OpaquePointer?
    private var statements = StatementCache<OpaquePointer>()
    private let counter: StatementCounter

    init(path: String, counter: StatementCounter) throws {
        self.counter = counter
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw StoreError(.connect, "SQLite \(path): \(message)")
        }
        sqlite3_busy_timeout(db, 10_000)
        // `lino_fold(text)`: the quick search's folding (`SearchText.fold`) for text conditions.
        sqlite3_create_function_v2(db, SQLDialect.foldFunction, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil, { context, _, arguments in
            guard let argument = arguments?[0], sqlite3_value_type(argument) != SQLITE_NULL, let text = sqlite3_value_text(argument) else {
                sqlite3_result_null(context)
                return
            }
            sqlite3_result_text(context, SearchText.fold(String(cString: text)), -1, SQLITE_TRANSIENT)
        }, nil, nil, nil)
        // No memory-mapped reads: each connection's mapping counted the database's pages in the
        // server's resident memory again (204 MB with 100 000 clients); reading through the
        // connections' own caches (8 MB each) costs the same CPU per request (measured).
        try executeScript("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;
            PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8000; PRAGMA mmap_size=0;
            """)
    }

    func close() {
        for s in statements.removeAll() { sqlite3_finalize(s) }
        sqlite3_close_v2(db)
        db = nil
    }

    deinit { if db != nil { close() } }

    private var errorMessage: String { String(cString: sqlite3_errmsg(db)) }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let s = statements.get(sql) {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
            return s
        }
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil) == SQLITE_OK, let stmt else {
            throw StoreError(.prepare, errorMessage, sql: sql)
        }
        for old in statements.insert(sql, stmt) { sqlite3_finalize(old) }
        return stmt
    }

    private func bind(_ stmt: OpaquePointer, _ params: [Value], sql: String) throws {
        for (i, p) in params.enumerated() {
            let idx = Int32(i + 1)
            let rc: Int32
            switch p {
            case .null: rc = sqlite3_bind_null(stmt, idx)
            case .int(let v): rc = sqlite3_bind_int64(stmt, idx, v)
            case .bool(let b): rc = sqlite3_bind_int64(stmt, idx, b ? 1 : 0)
            case .text(let s):
                // NUL would silently cut the text short here; PostgreSQL refuses it, so do we.
                guard !s.utf8.contains(0) else { throw StoreError(.invalidInput, "text with a NUL character", sql: sql) }
                rc = sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT)
            case .decimal(let d): rc = sqlite3_bind_text(stmt, idx, d.plainString, -1, SQLITE_TRANSIENT)
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { sqlite3_bind_blob(stmt, idx, $0.baseAddress, Int32($0.count), SQLITE_TRANSIENT) }
            }
            guard rc == SQLITE_OK else { throw StoreError(.execute, errorMessage, sql: sql) }
        }
    }

    private func fail(_ rc: Int32, sql: String) -> StoreError {
        let kind: StoreError.Kind = (rc & 0xff) == SQLITE_CONSTRAINT ? .constraint : ((rc & 0xff) == SQLITE_BUSY ? .busy : .execute)
        return StoreError(kind, errorMessage, sql: sql)
    }

    func execute(_ sql: String, _ params: [Value]) throws {
        counter.increment(sql)
        let stmt = try prepared(sql)
        defer { sqlite3_reset(stmt) }
        try bind(stmt, params, sql: sql)
        var rc = sqlite3_step(stmt)
        while rc == SQLITE_ROW { rc = sqlite3_step(stmt) }
        guard rc == SQLITE_DONE else { throw fail(rc, sql: sql) }
    }

    func query(_ sql: String, _ params: [Value], types: [ColumnType]) throws -> [[Value]] {
        try query(sql, params, types: types, interruptible: false)!
    }

    /// The budget counts the virtual machine's instructions, through SQLite's progress
    /// handler (called every `budgetGrain` of them; a non-zero answer interrupts).
    func query(_ sql: String, _ params: [Value], types: [ColumnType], budget: Int) throws -> [[Value]]? {
        var left = budget
        return try withUnsafeMutablePointer(to: &left) { counter in
            sqlite3_progress_handler(db, Self.budgetGrain, { context in
                let left = context!.assumingMemoryBound(to: Int.self)
                left.pointee -= Int(SQLiteConnection.budgetGrain)
                return left.pointee < 0 ? 1 : 0
            }, counter)
            defer { sqlite3_progress_handler(db, 0, nil, nil) }
            return try query(sql, params, types: types, interruptible: true)
        }
    }

    static let budgetGrain: Int32 = 500

    private func query(_ sql: String, _ params: [Value], types: [ColumnType], interruptible: Bool) throws -> [[Value]]? {
        counter.increment(sql)
        let stmt = try prepared(sql)
        defer { sqlite3_reset(stmt) }
        try bind(stmt, params, sql: sql)
        var rows: [[Value]] = []
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { break }
            if rc == SQLITE_INTERRUPT && interruptible { return nil }
            guard rc == SQLITE_ROW else { throw fail(rc, sql: sql) }
            var row: [Value] = []
            row.reserveCapacity(types.count)
            for (i, type) in types.enumerated() {
                row.append(decode(stmt, Int32(i), type))
            }
            rows.append(row)
        }
        return rows
    }

    private func decode(_ stmt: OpaquePointer, _ i: Int32, _ type: ColumnType) -> Value {
        let storage = sqlite3_column_type(stmt, i)
        if storage == SQLITE_NULL { return .null }
        switch type {
        case .int: return .int(sqlite3_column_int64(stmt, i))
        case .bool: return .bool(sqlite3_column_int64(stmt, i) != 0)
        case .decimal(let scale):
            if storage == SQLITE_INTEGER { return .decimal(Decimal(minorUnits: sqlite3_column_int64(stmt, i), scale: scale)) }
            return Decimal(exactString: text(stmt, i)).map(Value.decimal) ?? .null
        case .text, .date, .datetime:
            if storage == SQLITE_INTEGER { return .text(String(sqlite3_column_int64(stmt, i))) }
            return .text(text(stmt, i))
        case .blob:
            let n = Int(sqlite3_column_bytes(stmt, i))
            guard n > 0, let p = sqlite3_column_blob(stmt, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        }
    }

    private func text(_ stmt: OpaquePointer, _ i: Int32) -> String {
        guard let p = sqlite3_column_text(stmt, i) else { return "" }
        return String(cString: p)
    }

    func executeScript(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let message = err.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(err)
            throw StoreError(rc == SQLITE_CONSTRAINT ? .constraint : .execute, message, sql: sql)
        }
    }
}
