import Foundation

/// One fetched row: stored values by column name, and the display text of foreign keys.
public struct FetchedRow: Sendable {
    public var values: Values
    public var foreignTitles: [String: String]
}

/// Builds and runs SELECTs for one model.
struct SelectBuilder {
    let site: Site
    let info: ModelInfo
    let language: String
    let dialect: SQLDialect

    private(set) var joins: [String] = []
    /// Every table the query reads (for caches of its results).
    private(set) var tables: Set<String> = []
    private var aliasByTable: [String: String] = [:]
    private var fkJoins: [String: [String: String]] = [:]  // fk field -> (target table -> alias)
    private(set) var selects: [(sql: String, type: ColumnType)] = []
    /// Where each selected stored column goes back: (column name, result index).
    private var columnSlots: [(name: String, index: Int)] = []
    /// The columns each foreign key's title is built from, and the target model.
    private var titleSlots: [(field: String, target: ModelInfo, columns: [(name: String, index: Int)])] = []
    private(set) var params: [Value] = []
    private var whereParts: [String] = []


    /// How `Condition.exists` is written. `.drive` (`id IN (SELECT link ...)`) lets the
    /// related rows drive the query: best when few rows match. `.probe` (a correlated
    /// `EXISTS`) tests each row met along the sort order's index: best for a page of
    /// a filter that many rows meet (an agent's thousands of clients by name), where
    /// driving would sort them all before the first 25.
    enum ExistsStyle { case drive, probe }
    var existsStyle = ExistsStyle.drive
    /// Whether a condition on related rows was added (its style matters).
    private(set) var hasExists = false
    /// Prefix of this query's table aliases (a correlated subquery needs its own).
    private let prefix: String

    init(site: Site, info: ModelInfo, language: String, dialect: SQLDialect, aliasPrefix: String = "") {
        self.site = site
        self.info = info
        self.language = language
        self.dialect = dialect
        self.prefix = aliasPrefix
        self.pk = aliasPrefix + "t0." + dialect.quote(info.primaryKey)
        for (i, m) in info.chain.enumerated() {
            tables.insert(m.tableName)
            aliasByTable[m.tableName] = "\(prefix)t\(i)"
            if i > 0 { joins.append("JOIN \(m.tableName) \(prefix)t\(i) ON \(prefix)t\(i).id = \(prefix)t0.id") }
        }
    }

    var from: String { ([info.root.tableName + " \(prefix)t0"] + joins).joined(separator: " ") }
    /// The primary key's column in this query.
    let pk: String

    func column(_ f: FieldInfo, _ col: StoredColumn) -> String {
        aliasByTable[f.ownerTable]! + "." + col.quoted
    }

    /// The SQL expression of a field, for sorting and comparing (babel: the user's language).
    func expression(_ name: String) -> String? {
        if name == info.primaryKey || name == "id" { return pk }
        guard let f = info.fieldsByName[name] else { return nil }
        if f.field.isBabel {
            let col = f.columns.first { $0.language == language } ?? f.columns[0]
            return column(f, col)
        }
        return column(f, f.columns[0])
    }

    // MARK: - Selecting

    /// A builder that selects the key, the version and these fields: the SQL of a
    /// selection is made once per model, language and field list (every page of a
    /// grid asks for the same), then copied.
    /// - Parameter titles: the foreign keys whose display texts are read (nil: all of them).
    /// - Parameter version: also the row's version (for an edit: not needed to read a few
    ///   columns, where it may cost a look-up of the row an index alone would answer).
    static func selecting(_ fields: [String], titles: [String]? = nil, version: Bool = true, site: Site, info: ModelInfo,
                          language: String, dialect: SQLDialect) -> SelectBuilder {
        let key = (dialect == .sqlite ? "s|" : "p|") + (version ? "v|" : "-|") + language + "|" + fields.joined(separator: ",")
            + (titles.map { "|" + $0.joined(separator: ",") } ?? "")
        if let cached = info.selections.withLock({ $0[key] }) { return cached }
        var b = SelectBuilder(site: site, info: info, language: language, dialect: dialect)
        if version { b.selectKeyAndVersion() } else { b.selectColumn(b.pk, info.primaryKeyType, as: info.primaryKey) }
        b.select(fields: fields, titles: titles)
        info.selections.withLock { cache in
            if cache.count > 500 { cache.removeAll() }  // field lists come from declarations: a bound, not an eviction policy
            cache[key] = b
        }
        return b
    }

    mutating func selectKeyAndVersion() {
        selectColumn(pk, info.primaryKeyType, as: info.primaryKey)
        selectColumn("\(prefix)t0.version", .int, as: "version")
    }

    /// Selects the columns of the given fields (virtual fields select what they need)
    /// and the display texts of their foreign keys (of those in `titles` when given).
    mutating func select(fields names: [String], titles: [String]? = nil) {
        var seen = Set(columnSlots.map(\.name))
        var wanted: [String] = []
        for n in names {
            if let v = info.virtuals[n] { wanted.append(contentsOf: v.needs) }
            else if let c = info.computed[n] { wanted.append(contentsOf: c.needs) }
            else { wanted.append(n) }
        }
        wanted.append(contentsOf: info.titleFields)
        for n in wanted {
            guard let f = info.fieldsByName[n] else { continue }
            for col in f.columns where !col.isSortKey && !seen.contains(col.name) {
                seen.insert(col.name)
                selectColumn(column(f, col), col.type, as: col.name)
            }
            if let target = f.field.foreignTarget, let t = site.models[target], !seen.contains("→" + n),
               titles?.contains(n) != false {
                seen.insert("→" + n)
                selectTitle(of: n, target: t, fkColumn: column(f, f.columns[0]))
            }
        }
    }

    fileprivate mutating func selectColumn(_ sql: String, _ type: ColumnType, as name: String) {
        columnSlots.append((name, selects.count))
        selects.append((sql, type))
    }

    /// Joins the target of a foreign key and selects the columns its title needs
    /// (of a translated field, the default and the query's language only).
    private mutating func selectTitle(of field: String, target: ModelInfo, fkColumn: String) {
        let needed = target.titleFields.isEmpty ? [target.primaryKey] : target.titleFields
        var slots: [(name: String, index: Int)] = []
        for n in needed {
            if n == target.primaryKey {
                slots.append((n, selects.count)); selects.append((fkColumn, target.primaryKeyType))
                continue
            }
            guard let tf = target.fieldsByName[n] else { continue }
            let alias = joinTarget(field: field, target: target, table: tf.ownerTable, fkColumn: fkColumn)
            for (i, col) in tf.columns.enumerated() where i == 0 || col.language == nil || col.language == language {
                slots.append((col.name, selects.count))
                selects.append((alias + "." + dialect.quote(col.name), col.type))
            }
        }
        titleSlots.append((field, target, slots))
    }

    mutating func joinTarget(field: String, target: ModelInfo, table: String, fkColumn: String) -> String {
        if let a = fkJoins[field]?[table] { return a }
        let alias = "\(prefix)j\(joins.count)"
        let key = table == target.root.tableName ? dialect.quote(target.primaryKey) : "id"
        joins.append("LEFT JOIN \(table) \(alias) ON \(alias).\(key) = \(fkColumn)")
        tables.insert(table)
        fkJoins[field, default: [:]][table] = alias
        return alias
    }

    /// Turns raw result rows into named values and foreign-key titles.
    ///
    /// The first row's dictionary is the template of all: a copy keeps the template's
    /// layout, so each row's values go to the positions the template found for their
    /// names, without hashing a name per row (this runs for every row of every page).
    func read(_ raw: [[Value]]) -> [FetchedRow] {
        guard let first = raw.first else { return [] }
        // Room for the computed fields a page adds afterwards (no resize per row).
        var template = Values(minimumCapacity: columnSlots.count + info.computed.count)
        for (name, i) in columnSlots { template[name] = first[i] }
        let positions = columnSlots.map { (position: template.index(forKey: $0.name)!, index: $0.index) }
        let titles = titleSlots.map { slot -> (field: String, key: Values.Index?, target: ModelInfo, template: Values, positions: [(Values.Index, Int)]) in
            var tv = Values(minimumCapacity: slot.columns.count)
            for (name, i) in slot.columns { tv[name] = first[i] }
            return (slot.field, template.index(forKey: slot.field), slot.target, tv, slot.columns.map { (tv.index(forKey: $0.name)!, $0.index) })
        }
        return raw.map { r in
            var values = template
            for (position, i) in positions { values.values[position] = r[i] }
            var foreignTitles: [String: String] = [:]
            for t in titles where !(t.key.map { values.values[$0] } ?? .null).isNull {
                var tv = t.template
                for (position, i) in t.positions { tv.values[position] = r[i] }
                foreignTitles[t.field] = t.target.title(site.view(tv, language))
            }
            return FetchedRow(values: values, foreignTitles: foreignTitles)
        }
    }

    // MARK: - Filtering

    mutating func add(_ condition: Condition) throws {
        whereParts.append(try sql(condition))
    }

    mutating func addSearch(words: [String], fields: [String], useIndex: Bool) {
        let words = words.filter { !$0.isEmpty }
        if useIndex, let index = info.searchIndex {
            addIndexedSearch(words: words, index: index.table)
            return
        }
        for word in words {
            let pattern = dialect.likePattern(contains: SearchText.fold(word))
            var ors: [String] = []
            for name in fields {
                guard let f = info.fieldsByName[name] else { continue }
                for col in f.valueColumns {
                    ors.append(dialect.containsFolded(column(f, col)))
                    params.append(.text(pattern))
                }
            }
            if !ors.isEmpty { whereParts.append("(" + ors.joined(separator: " OR ") + ")") }
        }
    }

    /// Every word must occur in the record's search document (folded: no case, no accents).
    private mutating func addIndexedSearch(words: [String], index: String) {
        tables.insert(index)
        var phrases: [String] = []
        for word in words {
            let folded = SearchText.fold(word)
            if dialect == .sqlite && folded.count >= 3 {
                // A phrase of trigrams is a substring match answered from the index alone.
                phrases.append(folded)
            } else if dialect == .sqlite && !folded.contains(where: { $0 == "%" || $0 == "_" || $0 == "\\" }) {
                // Shorter words: FTS5 still answers LIKE, but only without an ESCAPE clause.
                whereParts.append("\(pk) IN (SELECT rowid FROM \(index) WHERE doc LIKE ?)")
                params.append(.text("%" + folded + "%"))
            } else {
                let idColumn = dialect == .sqlite ? "rowid" : "id"
                whereParts.append("\(pk) IN (SELECT \(idColumn) FROM \(index) WHERE \(dialect.containsCaseInsensitive("doc")))")
                params.append(.text(dialect.likePattern(contains: folded)))
            }
        }
        if !phrases.isEmpty {
            // One MATCH for all words, joined rather than `IN (...)`: FTS5 intersects
            // the words itself and its rows drive the look-ups (no temporary list).
            joins.append("JOIN \(index) \(prefix)fts ON \(prefix)fts.rowid = \(pk)")
            whereParts.append("\(prefix)fts.\(index) MATCH ?")
            params.append(.text(Self.ftsMatch(phrases)))
        }
    }

    /// An FTS5 query that needs every folded word as a phrase: `"aerts" AND "dirk"`.
    static func ftsMatch(_ folded: [String]) -> String {
        folded.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
    }

    var whereClause: String { whereParts.isEmpty ? "" : " WHERE " + conditionsSQL }
    /// The conditions added so far, joined by AND, without the WHERE.
    var conditionsSQL: String { whereParts.joined(separator: " AND ") }

    private mutating func sql(_ c: Condition) throws -> String {
        func expr(_ name: String) throws -> String {
            guard let e = expression(name) else { throw QueryError.unknownField(name) }
            return e
        }
        switch c {
        case .equals(let f, let v):
            if v.isNull { return "\(try expr(f)) IS NULL" }
            if let key = sortKeyColumn(f), case .text(let text) = v {
                // An indexed text is indexed by its folded sort key: look it up there, then compare exactly.
                params.append(.text(SearchText.fold(text))); params.append(storable(f, v))
                return "(\(key) = ? AND \(try expr(f)) = ?)"
            }
            params.append(storable(f, v)); return "\(try expr(f)) = ?"
        case .notEquals(let f, let v):
            if v.isNull { return "\(try expr(f)) IS NOT NULL" }
            params.append(storable(f, v)); return "(\(try expr(f)) <> ? OR \(try expr(f)) IS NULL)"
        case .isNull(let f): return "\(try expr(f)) IS NULL"
        case .isNotNull(let f): return "\(try expr(f)) IS NOT NULL"
        // Text conditions ignore case and accents ("liege" finds Liège), as the quick search does.
        case .contains(let f, let text):
            guard let fi = info.fieldsByName[f] else { throw QueryError.unknownField(f) }
            let ors = fi.valueColumns.map { dialect.containsFolded(column(fi, $0)) }
            for _ in ors { params.append(.text(dialect.likePattern(contains: SearchText.fold(text)))) }
            return "(" + ors.joined(separator: " OR ") + ")"
        case .startsWith(let f, let text):
            params.append(.text(dialect.likePattern(prefix: SearchText.fold(text))))
            return dialect.containsFolded(try expr(f))
        case .startsWithInAnyLanguage(let f, let text):
            guard let fi = info.fieldsByName[f] else { throw QueryError.unknownField(f) }
            let ors = fi.valueColumns.map { dialect.containsFolded(column(fi, $0)) }
            for _ in ors { params.append(.text(dialect.likePattern(prefix: SearchText.fold(text)))) }
            return "(" + ors.joined(separator: " OR ") + ")"
        case .atLeast(let f, let v): params.append(storable(f, v)); return "\(try expr(f)) >= ?"
        case .atMost(let f, let v): params.append(storable(f, v)); return "\(try expr(f)) <= ?"
        case .oneOf(let f, let values):
            if values.isEmpty { return "1 = 0" }
            if let key = sortKeyColumn(f), values.allSatisfy({ if case .text = $0 { true } else { false } }) {
                let folded = Array(Set(values.compactMap(\.stringValue).map(SearchText.fold)))
                params.append(contentsOf: folded.map(Value.text))
                for v in values { params.append(storable(f, v)) }
                return "(\(key) IN (" + folded.map { _ in "?" }.joined(separator: ", ") + ") AND \(try expr(f)) IN ("
                    + values.map { _ in "?" }.joined(separator: ", ") + "))"
            }
            for v in values { params.append(storable(f, v)) }
            return "\(try expr(f)) IN (" + values.map { _ in "?" }.joined(separator: ", ") + ")"
        case .and(let cs):
            if cs.isEmpty { return "1 = 1" }
            return "(" + (try cs.map { try sql($0) }).joined(separator: " AND ") + ")"
        case .or(let cs):
            if cs.isEmpty { return "1 = 0" }
            return "(" + (try cs.map { try sql($0) }).joined(separator: " OR ") + ")"
        case .not(let inner): return "NOT (" + (try sql(inner)) + ")"
        case .exists(let modelName, let link, let inner):
            hasExists = true
            if existsStyle == .probe { return try correlated(modelName, link, inner) }
            return "\(pk) IN (\(try subselect(modelName, link, inner)))"
        case .linked(let field, let modelName, let link, let inner):
            let own = try expr(field)
            return "\(own) IN (\(try subselect(modelName, link, inner)))"
        }
    }

    /// The sort-key column of an indexed text field (the only column its index covers).
    func sortKeyColumn(_ name: String) -> String? {
        guard let f = info.fieldsByName[name], !f.field.isBabel, let key = f.sortColumn else { return nil }
        return column(f, key)
    }

    /// `SELECT link FROM model WHERE inner`, its parameters and tables taken into this query.
    private mutating func subselect(_ modelName: String, _ link: String, _ inner: Condition) throws -> String {
        let (sub, linkExpr) = try related(modelName, link, inner, correlated: false)
        return "SELECT \(linkExpr) FROM \(sub.from)\(sub.whereClause)"
    }

    /// `EXISTS (SELECT 1 FROM model WHERE inner AND link = this row)`, with its own aliases.
    private mutating func correlated(_ modelName: String, _ link: String, _ inner: Condition) throws -> String {
        let (sub, _) = try related(modelName, link, inner, correlated: true)
        return "EXISTS (SELECT 1 FROM \(sub.from)\(sub.whereClause))"
    }

    /// The query of related rows (own aliases), its parameters and tables taken into this one.
    private mutating func related(_ modelName: String, _ link: String, _ inner: Condition,
                                  correlated: Bool) throws -> (SelectBuilder, String) {
        guard let other = site.models[modelName] else { throw QueryError.unknownField(modelName) }
        var sub = SelectBuilder(site: site, info: other, language: language, dialect: dialect, aliasPrefix: prefix + "s")
        sub.existsStyle = existsStyle
        try sub.add(inner)
        guard let linkExpr = sub.expression(link) else { throw QueryError.unknownField(link) }
        if correlated { sub.addRaw("\(linkExpr) = \(pk)") }
        params.append(contentsOf: sub.params)
        tables.formUnion(sub.tables)
        return (sub, linkExpr)
    }

    /// Converts a value to what the column stores (decimals as minor units, booleans for the dialect).
    func storable(_ field: String, _ v: Value) -> Value {
        guard let f = info.fieldsByName[field] else { return v }
        return StorageEncoding.encode(v, f.columns[0].type)
    }

    // MARK: - Sorting

    /// The SQL expression a sort key orders by; a foreign key sorts by its target's title.
    mutating func sortExpression(_ key: SortKey) -> String? {
        if key.field == info.primaryKey || key.field == "id" { return pk }
        guard let f = info.fieldsByName[key.field], var e = expression(key.field) else { return nil }
        if let sortColumn = f.sortColumn { return column(f, sortColumn) }
        if let target = f.field.foreignTarget, let t = site.models[target],
           let firstTitle = t.titleFields.first, let tf = t.fieldsByName[firstTitle] {
            let alias = joinTarget(field: key.field, target: t, table: tf.ownerTable, fkColumn: e)
            e = alias + "." + dialect.quote(tf.columns.first { $0.language == language }?.name ?? tf.columns[0].name)
        }
        return e
    }

    /// An ORDER BY term that puts the rows meeting `condition` first (0) and the others
    /// after (1): combo choices that start with the typed text before those containing it.
    mutating func rankFirst(_ condition: Condition) throws -> String {
        "CASE WHEN \(try sql(condition)) THEN 0 ELSE 1 END"
    }

    /// `SELECT columns FROM ... WHERE ... ORDER BY ...` of this builder. The order is
    /// made first: sorting by a foreign key joins its target into FROM.
    mutating func selectSQL(_ columns: String, orderedBy keys: [SortKey]) -> String {
        let order = orderBy(keys)
        return "SELECT \(columns) FROM \(from)\(whereClause)\(order)"
    }

    /// Whether walking the sort order and testing each row finds a page sooner than
    /// collecting every matching row and sorting them: the walk meets about
    /// `seen × rows / total` rows, collecting looks up `total`, each look-up costing
    /// `lookupCost` steps of the walk.
    static func walkIsCheaper(total: Int, seen: Int, rows: Int, lookupCost: Double) -> Bool {
        total > 0 && lookupCost * Double(total) * Double(total) > Double(seen) * Double(rows)
    }

    /// The work a walk chosen by `walkIsCheaper` may take (`SQLConnection.query(_:_:types:budget:)`)
    /// before the other way is taken: about what collecting would cost. The choice assumed
    /// matches spread evenly along the order, but a searched name meets them all in one
    /// place, early or late in the alphabet.
    static func walkBudget(total: Int, lookupCost: Double) -> Int {
        Int(lookupCost * Double(total)) * stepsPerRow + 20_000
    }

    /// Virtual-machine instructions per row met by a walk (measured on SQLite: about 7
    /// testing a search match, 21 probing related rows).
    static let stepsPerRow = 20

    mutating func orderBy(_ keys: [SortKey], rankedBy ranks: [String] = []) -> String {
        var parts: [String] = ranks
        for k in keys {
            guard let e = sortExpression(k) else { continue }
            if e == pk { parts.append(pk + (k.descending ? " DESC" : "")); continue }
            parts.append(e + (k.descending ? " DESC NULLS LAST" : " NULLS FIRST"))
        }
        if !keys.contains(where: { $0.field == info.primaryKey || $0.field == "id" }) { parts.append(pk) }
        return " ORDER BY " + parts.joined(separator: ", ")
    }

    /// Rows that come before a record with the given sort values, in `keys` order
    /// (ascending keys put NULLs first, descending ones last, as `orderBy` does).
    mutating func before(_ keys: [SortKey], values: [Value], id: Value) -> String {
        var allKeys = keys
        var allValues = values
        if !keys.contains(where: { $0.field == info.primaryKey || $0.field == "id" }) {
            allKeys.append(SortKey(field: info.primaryKey, descending: false))
            allValues.append(id)
        }
        var ors: [String] = []
        var equalPrefix: [String] = []
        var prefixParams: [Value] = []
        for (k, v) in zip(allKeys, allValues) {
            guard let e = sortExpression(k) else { continue }
            let stored = storable(k.field, v)
            var less: String
            var lessParams: [Value] = []
            if k.descending {
                if stored.isNull { less = "\(e) IS NOT NULL" } else { less = "\(e) > ?"; lessParams = [stored] }
            } else {
                if stored.isNull { less = "1 = 0" } else { less = "(\(e) IS NULL OR \(e) < ?)"; lessParams = [stored] }
            }
            ors.append("(" + (equalPrefix + [less]).joined(separator: " AND ") + ")")
            params.append(contentsOf: prefixParams + lessParams)
            if stored.isNull { equalPrefix.append("\(e) IS NULL") } else { equalPrefix.append("\(e) = ?"); prefixParams.append(stored) }
        }
        return ors.isEmpty ? "1 = 0" : "(" + ors.joined(separator: " OR ") + ")"
    }

    mutating func addRaw(_ sql: String) { whereParts.append(sql) }
}

public enum QueryError: Error, Sendable, CustomStringConvertible {
    case unknownField(String)
    case unknownModel(String)

    public var description: String {
        switch self {
        case .unknownField(let f): return "unknown field '\(f)'"
        case .unknownModel(let m): return "unknown model '\(m)'"
        }
    }
}

/// Conversion between framework values and stored values.
public enum StorageEncoding {
    public static func encode(_ v: Value, _ type: ColumnType) -> Value {
        switch (v, type) {
        case (.decimal(let d), .decimal(let scale)): return d.scaled(scale).map(Value.int) ?? .null
        case (.text(let s), .decimal(let scale)): return Decimal(exactString: s)?.scaled(scale).map(Value.int) ?? .null
        case (.text(let s), .int): return Int64(s).map(Value.int) ?? .null
        case (.text(let s), .bool): return .bool(s == "true" || s == "1")
        case (.int(let i), .text): return .text(String(i))
        default: return v
        }
    }
}
