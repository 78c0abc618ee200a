/// Typed reads for plugin code, inside a transaction: rows of a model by
/// conditions, ordered, counted, with the texts of their foreign keys. Plugins
/// name models and fields, never SQL tables; the query builder writes the SQL.
///
/// ```swift
/// let open = try records.rows("coachings.Coaching",
///                             where: [.equals("client", id), .isNull("end_date")],
///                             order: "-start_date")
/// ```
/// Reads here are not filtered by the acting user's permissions: the code that
/// reads decides what it shows (a write checks permissions itself).
public class Records {
    public let site: Site
    /// The language of foreign-key texts and titles.
    public let language: String
    let connection: SQLConnection
    private var shared: [String: Any] = [:]

    init(site: Site, connection: SQLConnection, language: String) {
        self.site = site
        self.connection = connection
        self.language = language
    }

    /// A value computed once for these reads: the computed fields of one page get
    /// one `Records`, so two fields that need the same rows (a client's coaches and
    /// primary coach) read them once.
    public func once<T>(_ key: String, _ compute: () throws -> T) rethrows -> T {
        if let value = shared[key] as? T { return value }
        let value = try compute()
        shared[key] = value
        return value
    }

    /// The model of that name; an unknown name is a programming error, reported by name.
    public func model(_ name: String) throws -> ModelInfo {
        guard let m = site.models[name] else { throw QueryError.unknownModel(name) }
        return m
    }

    /// Rows of a model meeting every condition.
    /// - Parameters:
    ///   - order: sort keys as in a table declaration (`-start_date name`); empty: the model's order.
    ///   - fields: the fields to read (default: every stored field but images).
    ///   - titles: the foreign keys whose display texts are read (default: all; each costs a join).
    public func rows(_ model: String, where conditions: [Condition] = [], order: String = "", limit: Int? = nil,
                     offset: Int = 0, fields: [String]? = nil, titles: [String]? = nil) throws -> [Record] {
        let m = try self.model(model)
        let wanted = fields ?? m.fields.filter { if case .image = $0.field.kind { return false } else { return true } }.map(\.name)
        // Named fields are read as named: the version only when asked for.
        var b = SelectBuilder.selecting(wanted, titles: titles, version: fields?.contains("version") ?? true, site: site, info: m,
                                        language: language, dialect: connection.dialect)
        for c in conditions { try b.add(c) }
        let keys = SortKey.parse(order.isEmpty ? m.defaultOrder.joined(separator: " ") : order)
        for k in keys where m.fieldsByName[k.field] == nil && k.field != m.primaryKey && k.field != "id" {
            throw QueryError.unknownField(k.field)
        }
        var sql = b.selectSQL(b.selects.map(\.sql).joined(separator: ", "), orderedBy: keys)
        var params = b.params
        if let limit {
            sql += " LIMIT ? OFFSET ?"
            params += [.int(Int64(limit)), .int(Int64(offset))]
        }
        return b.read(try connection.query(sql, params, types: b.selects.map(\.type)))
            .map { Record(model: m, values: $0.values, titles: $0.foreignTitles) }
    }

    /// The first row in `order`, or nil.
    public func first(_ model: String, where conditions: [Condition] = [], order: String = "") throws -> Record? {
        try rows(model, where: conditions, order: order, limit: 1).first
    }

    /// One record by its primary key, or nil.
    public func record(_ model: String, id: Value) throws -> Record? {
        let m = try self.model(model)
        return try first(model, where: [.equals(m.primaryKey, id)])
    }

    /// How many rows meet the conditions.
    public func count(_ model: String, where conditions: [Condition] = []) throws -> Int {
        let m = try self.model(model)
        var b = SelectBuilder(site: site, info: m, language: language, dialect: connection.dialect)
        for c in conditions { try b.add(c) }
        return Int(try connection.scalar("SELECT count(*) FROM \(b.from)\(b.whereClause)", b.params).intValue ?? 0)
    }

    /// Whether any row meets the conditions.
    public func exists(_ model: String, where conditions: [Condition]) throws -> Bool {
        let m = try self.model(model)
        var b = SelectBuilder(site: site, info: m, language: language, dialect: connection.dialect)
        for c in conditions { try b.add(c) }
        return try !connection.query("SELECT 1 FROM \(b.from)\(b.whereClause) LIMIT 1", b.params, types: [.int]).isEmpty
    }

    /// The ids of the rows meeting the conditions, in `order`.
    public func ids(_ model: String, where conditions: [Condition] = [], order: String = "") throws -> [Value] {
        let m = try self.model(model)
        var b = SelectBuilder(site: site, info: m, language: language, dialect: connection.dialect)
        for c in conditions { try b.add(c) }
        let keys = SortKey.parse(order)
        return try connection.query(b.selectSQL(b.pk, orderedBy: keys), b.params,
                                    types: [m.primaryKeyType]).map { $0[0] }
    }
}
