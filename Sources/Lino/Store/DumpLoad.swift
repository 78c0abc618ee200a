import Foundation

/// Moves a whole database between SQLite and PostgreSQL (and across versions)
/// as JSON Lines: one line per record, stored columns only, exact values.
///
/// ```
/// {"model":"countries.Country","values":{"isocode":"BE","name":"Belgium",...}}
/// ```
public struct DatabaseDump: Sendable {
    public let site: Site

    public init(site: Site) { self.site = site }

    /// Writes every record of every model, parents before children; returns the count.
    public func dump(_ db: Database, to handle: FileHandle) async throws -> Int {
        var total = 0
        for name in site.modelOrder {
            let info = site.models[name]!
            let m = info.model
            let own = info.fields.filter { $0.ownerName == m.name }
            var cols: [(String, ColumnType)] = []
            if m.parentName == nil {
                cols.append((info.primaryKey, info.primaryKeyType))
                cols.append(("version", .int))
            } else {
                cols.append(("id", .int))
            }
            for f in own where f.name != m.primaryKeyField { for c in f.columns { cols.append((c.name, c.type)) } }
            let sql = "SELECT \(cols.map { db.dialect.quote($0.0) }.joined(separator: ", ")) FROM \(m.tableName) ORDER BY 1"
            let types = cols.map(\.1)
            let rows = try await db.read(lengthy: true) { c in try c.query(sql, [], types: types) }
            var chunk = ""
            for r in rows {
                var values = JSONObject()
                for (i, (name, type)) in cols.enumerated() {
                    values[name] = Self.encode(r[i], type)
                }
                let line: JSON = ["model": .string(name), "values": .object(values)]
                chunk += line.serialized() + "\n"
                if chunk.utf8.count > 1 << 20 { handle.write(Data(chunk.utf8)); chunk = "" }
            }
            handle.write(Data(chunk.utf8))
            total += rows.count
        }
        return total
    }

    /// The API's wire value, except blobs, which a dump keeps (as base64).
    static func encode(_ v: Value, _ type: ColumnType) -> JSON {
        if case .blob(let b) = v { return .string(Data(b).base64EncodedString()) }
        return RowEncoder.wire(v)
    }

    static func decode(_ j: JSON, _ type: ColumnType) -> Value {
        switch (j, type) {
        case (.null, _): return .null
        case (_, .decimal(let scale)):
            let d = j.stringValue.flatMap { Decimal(exactString: $0) } ?? j.intValue.map { Decimal($0) }
            return d.flatMap { $0.scaled(scale) }.map(Value.int) ?? .null
        case (.bool(let b), _): return .bool(b)
        case (.int(let i), .bool): return .bool(i != 0)
        case (.int(let i), _): return .int(i)
        case (.string(let s), .blob): return .blob(Data(base64Encoded: s).map { Array($0) } ?? [])
        case (.string(let s), .int): return Int64(s).map(Value.int) ?? .null
        case (.string(let s), _): return .text(s)
        default: return .null
        }
    }

    /// Loads a dump into an empty, migrated database, keeping ids and versions,
    /// then rebuilds the search indexes and identity counters.
    public func load(_ store: RecordStore, from url: URL, progress: ((Int) -> Void)? = nil) async throws -> Int {
        let db = store.db
        let text = try String(contentsOf: url, encoding: .utf8)
        var batch: [(String, JSONObject)] = []
        var total = 0
        func flush() async throws {
            let rows = batch
            batch = []
            try await db.write { c in
                for (model, values) in rows { try self.insertRaw(c, model, values) }
            }
            total += rows.count
            progress?(total)
        }
        for line in text.split(separator: "\n") where !line.isEmpty {
            guard let j = JSON.parse(String(line)), let model = j["model"]?.stringValue, let values = j["values"]?.objectValue else {
                throw SiteError("Malformed dump line: \(line.prefix(80))")
            }
            guard site.models[model] != nil else { throw SiteError("The dump has records of unknown model \(model)") }
            batch.append((model, values))
            if batch.count >= 5000 { try await flush() }
        }
        try await flush()
        try await db.write { c in
            for name in site.modelOrder {
                let info = site.models[name]!
                if c.dialect == .postgres, info.model.parentName == nil, info.model.primaryKeyField == nil {
                    let t = info.model.tableName
                    _ = try c.query("SELECT setval(pg_get_serial_sequence('\(t)', 'id'), COALESCE((SELECT max(id) FROM \(t)), 0) + 1, false)", [], types: [.int])
                }
            }
        }
        try await rebuildSearchIndexes(store)
        return total
    }

    func insertRaw(_ c: SQLConnection, _ model: String, _ values: JSONObject) throws {
        let info = site.models[model]!
        let m = info.model
        var types: [String: ColumnType] = ["id": .int, "version": .int]
        types[info.primaryKey] = info.primaryKeyType
        for f in info.fields where f.ownerName == m.name { for col in f.columns { types[col.name] = col.type } }
        var cols: [String] = []
        var params: [Value] = []
        for (k, v) in values.pairs {
            guard let type = types[k] else { throw SiteError("Unknown column \(k) of \(model) in the dump") }
            cols.append(c.dialect.quote(k))
            params.append(Self.decode(v, type))
        }
        try c.execute("INSERT INTO \(m.tableName) (\(cols.joined(separator: ", "))) VALUES (\(cols.map { _ in "?" }.joined(separator: ", ")))", params)
    }

    /// Recomputes every quick-search document (after a load).
    public func rebuildSearchIndexes(_ store: RecordStore) async throws {
        for name in site.modelOrder {
            let info = site.models[name]!
            guard info.model.parentName == nil, info.searchIndex != nil else { continue }
            let ids = try await store.db.read(lengthy: true) { c in
                try c.query("SELECT id FROM \(info.model.tableName) ORDER BY id", [], types: [.int]).map { $0[0] }
            }
            var i = 0
            while i < ids.count {
                let slice = Array(ids[i..<min(i + 5000, ids.count)])
                try await store.db.write { c in for id in slice { try store.refreshSearchIndexes(c, info, id: id) } }
                i += 5000
            }
        }
    }
}
