import CLibPQ
import Foundation

/// PostgreSQL through libpq, with a small pool of connections.
public final class PostgresDatabase: Database {
    public let dialect = SQLDialect.postgres
    public let changes = ChangeCounter()
    public let statements = StatementCounter()
    private let pool: ConnectionPool

    /// - Parameters:
    ///   - url: a libpq connection URI, e.g. `postgres://welfare@127.0.0.1:5432/welfare`.
    ///   - connections: the pool size.
    public init(url: String, connections: Int = 4) throws {
        let statements = self.statements
        pool = ConnectionPool(try (0..<connections).map {
            ConfinedConnection(try PostgresConnection(url: url, counter: statements), label: "postgres.\($0)")
        })
    }

    public func read<T: Sendable>(lengthy: Bool, _ body: @Sendable @escaping (SQLConnection) throws -> T) async throws -> T {
        try await pool.with(body)
    }

    public func write<T: Sendable>(_ body: @Sendable @escaping (SQLConnection) throws -> T) async throws -> T {
        try await pool.with { c in try inTransaction(c, begin: "BEGIN", body) }
    }

    public func close() async {
        for c in pool.all {
            _ = try? await c.run { conn in (conn as? PostgresConnection)?.close() }
        }
    }
}

/// One libpq connection with a cache of prepared statements.
final class PostgresConnection: SQLConnection {
    let dialect = SQLDialect.postgres
    private var conn: OpaquePointer?
    private var statementNames = StatementCache<String>()
    private var statementCounter = 0
    /// Prepared statements held now (for tests of the cap).
    var preparedCount: Int { statementNames.count }
    private let counter: StatementCounter

    init(url: String, counter: StatementCounter) throws {
        self.counter = counter
        conn = PQconnectdb(url)
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            conn = nil
            throw StoreError(.connect, "PostgreSQL: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        try executeScript("SET client_min_messages = warning; SET datestyle = 'ISO, YMD'; SET TIME ZONE 'UTC'")
    }

    func close() {
        PQfinish(conn)
        conn = nil
    }

    deinit { if conn != nil { close() } }

    /// Rewrites `?` placeholders to `$1, $2, ...`, leaving quoted text alone.
    static func numberedPlaceholders(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.count + 16)
        var n = 0
        var inQuote = false
        for ch in sql {
            if ch == "'" { inQuote.toggle() }
            if ch == "?" && !inQuote {
                n += 1
                out += "$\(n)"
            } else {
                out.append(ch)
            }
        }
        return out
    }

    private func encode(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .text(let s): return s
        case .decimal(let d): return d.plainString
        case .blob(let bytes): return "\\x" + bytes.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// Runs a prepared statement and returns the result, which the caller must PQclear.
    private func run(_ sql: String, _ params: [Value]) throws -> OpaquePointer {
        let name: String
        if let cached = statementNames.get(sql) {
            name = cached
        } else {
            statementCounter += 1
            name = "s\(statementCounter)"
            let prep = PQprepare(conn, name, Self.numberedPlaceholders(sql), 0, nil)
            defer { PQclear(prep) }
            guard PQresultStatus(prep) == PGRES_COMMAND_OK else { throw error(prep, sql: sql) }
            for old in statementNames.insert(sql, name) { PQclear(PQexec(conn, "DEALLOCATE \(old)")) }
        }
        let texts = params.map(encode)
        // libpq takes C strings: a NUL would cut the value short.
        if texts.contains(where: { $0?.utf8.contains(0) ?? false }) { throw StoreError(.invalidInput, "text with a NUL character", sql: sql) }
        // Keep C strings alive for the duration of the call.
        let cStrings: [UnsafeMutablePointer<CChar>?] = texts.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        let result: OpaquePointer? = cStrings.map { UnsafePointer($0) }.withUnsafeBufferPointer { buf in
            PQexecPrepared(conn, name, Int32(params.count), buf.baseAddress, nil, nil, 0)
        }
        guard let result else { throw StoreError(.execute, String(cString: PQerrorMessage(conn)), sql: sql) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            defer { PQclear(result) }
            throw error(result, sql: sql)
        }
        return result
    }

    private func error(_ result: OpaquePointer?, sql: String) -> StoreError {
        let message = String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        var kind = StoreError.Kind.execute
        if let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))) {
            let code = String(cString: state)
            if code.hasPrefix("23") { kind = .constraint }
            if code == "40001" || code == "40P01" { kind = .busy }
        }
        return StoreError(kind, message, sql: sql)
    }

    func execute(_ sql: String, _ params: [Value]) throws {
        counter.increment(sql)
        PQclear(try run(sql, params))
    }

    /// PostgreSQL plans its own way to the rows (no walks are offered to it): it runs to the end.
    func query(_ sql: String, _ params: [Value], types: [ColumnType], budget: Int) throws -> [[Value]]? {
        try query(sql, params, types: types)
    }

    func query(_ sql: String, _ params: [Value], types: [ColumnType]) throws -> [[Value]] {
        counter.increment(sql)
        let result = try run(sql, params)
        defer { PQclear(result) }
        let rowCount = PQntuples(result)
        var rows: [[Value]] = []
        rows.reserveCapacity(Int(rowCount))
        for r in 0..<rowCount {
            var row: [Value] = []
            row.reserveCapacity(types.count)
            for (i, type) in types.enumerated() {
                let c = Int32(i)
                if PQgetisnull(result, r, c) == 1 {
                    row.append(.null)
                } else {
                    row.append(Self.decode(String(cString: PQgetvalue(result, r, c)), type))
                }
            }
            rows.append(row)
        }
        return rows
    }

    static func decode(_ text: String, _ type: ColumnType) -> Value {
        switch type {
        case .int: return Int64(text).map(Value.int) ?? .null
        case .bool: return .bool(text == "t" || text == "true")
        case .decimal(let scale):
            if let minor = Int64(text) { return .decimal(Decimal(minorUnits: minor, scale: scale)) }
            return Decimal(exactString: text).map(Value.decimal) ?? .null
        case .text, .date: return .text(text)
        case .datetime: return .text(String(text.prefix(19)))
        case .blob:
            guard text.hasPrefix("\\x") else { return .blob(Array(text.utf8)) }
            var bytes: [UInt8] = []
            var it = text.dropFirst(2).makeIterator()
            while let a = it.next(), let b = it.next(), let v = UInt8(String([a, b]), radix: 16) { bytes.append(v) }
            return .blob(bytes)
        }
    }

    func executeScript(_ sql: String) throws {
        let result = PQexec(conn, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(result, sql: sql) }
    }
}
