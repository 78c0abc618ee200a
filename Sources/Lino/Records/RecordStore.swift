import Foundation

/// Reads and writes records of the site's tables, enforcing permissions,
/// validation and optimistic concurrency. No HTTP here: the server and the
/// tests drive the application through this type.
public final class RecordStore: Sendable {
    public let site: Site
    public let db: Database
    /// Where file fields keep their files (nil: this site stores no files).
    public let files: FileStore?
    let counts = StampedCache<Int>()
    /// The first and last ids of sorted lists (a detail's navigation).
    let ends = StampedCache<Ends>()
    struct Ends: Sendable { let first: Value?; let last: Value? }

    public init(site: Site, db: Database, files: FileStore? = nil) {
        self.site = site
        self.db = db
        self.files = files
    }

    // MARK: - Looking up

    public func table(_ name: String, for user: UserContext) throws -> TableInfo {
        guard let t = site.tables[name] else { throw LinoError.notFound(site.t("No table named {name}.", user.language, ["name": name])) }
        guard Permissions.canView(t, user) else { throw LinoError.forbidden(site.t("You may not open this table.", user.language)) }
        return t
    }

    /// Parses a record id from a URL path for a table's model.
    public func parseID(_ raw: String, _ t: TableInfo) -> Value? {
        if t.model.primaryKeyType == .int { return Int64(raw).map(Value.int) }
        return raw.isEmpty || ControlCharacters.contains(raw) ? nil : .text(raw)
    }

    // MARK: - Conditions of a request

    /// - Parameter parameters: apply the parameter panel's filters (a grid, its navigation);
    ///   a record opened by id only needs to be visible (table filter, row filter, master).
    func conditions(_ t: TableInfo, _ r: RowsRequest, _ user: UserContext, parameters: Bool = true) throws -> [Condition] {
        var cs: [Condition] = []
        if let f = t.table.filter { cs.append(f) }
        if let f = Permissions.rowFilter(t, user) { cs.append(f) }
        if let mk = t.table.masterKey {
            // A slave table without its master shows nothing rather than everything.
            cs.append(.equals(mk, r.masterID.map { StorageEncoding.encode($0, t.model.fieldsByName[mk]!.columns[0].type) } ?? .null))
            if r.masterID == nil { cs.append(.isNotNull(mk)) }
        }
        for name in r.params.keys where t.params[name] == nil {
            throw LinoError.badRequest(site.t("Unknown parameter {name}.", user.language, ["name": name]))
        }
        // An absent parameter takes its default ("show obsolete" unticked hides obsolete rows,
        // "coached by" is the user, a period starts today); one sent empty means none.
        guard parameters else { return cs }
        var values: [String: Value] = [:]
        for p in t.table.params { values[p.field.name] = r.params[p.field.name] ?? Self.parameterDefault(p.field, user) }
        let context = ParamContext(user: user, values: values)
        for p in t.table.params {
            let value = values[p.field.name] ?? .null
            if !value.isNull, let c = p.apply(value, context) { cs.append(c) }
        }
        return cs + r.filters
    }

    /// The value a parameter has when the request does not name it.
    static func parameterDefault(_ f: Field, _ user: UserContext) -> Value {
        switch f.defaultValue {
        case .value(let v)?: return v
        case .today?: return .text(ISODates.today())
        case .now?: return .text(ISODates.now())
        case .currentUser?: return .int(user.id)
        case .currentUserField?, .fromTarget?, nil: return .null
        }
    }

    func sortKeys(_ t: TableInfo, _ r: RowsRequest, _ user: UserContext) throws -> [SortKey] {
        for k in r.sort where !Permissions.canQuery(t, k.field, user) && k.field != t.model.primaryKey && k.field != "id" {
            // Named by its label when the user may see the field, else as typed.
            let name = t.field(k.field).flatMap { Permissions.canSee($0, user) ? site.t($0.label, user.language) : nil } ?? k.field
            throw LinoError.badRequest(site.t("Cannot sort by {name}.", user.language, ["name": name]))
        }
        return r.sort.isEmpty ? t.order : r.sort
    }

    /// - Parameter given: the request's `conditions`, when the caller has them already.
    func builder(_ t: TableInfo, _ r: RowsRequest, _ user: UserContext, dialect: SQLDialect, parameters: Bool = true,
                 exists: SelectBuilder.ExistsStyle = .drive, conditions given: [Condition]? = nil) throws -> SelectBuilder {
        var b = SelectBuilder(site: site, info: t.model, language: user.language, dialect: dialect)
        b.existsStyle = exists
        do {
            for c in try given ?? conditions(t, r, user, parameters: parameters) { try b.add(c) }
        } catch QueryError.unknownField(let f) {
            throw LinoError.badRequest(site.t("Unknown field {name}.", user.language, ["name": f]))
        }
        // A field the user may not see is not searched either.
        let search = t.searchFields(for: user)
        b.addSearch(words: r.searchWords, fields: search.fields, useIndex: search.index)
        return b
    }

    // MARK: - Reading

    /// One page of rows and the total count.
    public func rows(_ t: TableInfo, _ r: RowsRequest, fields: [String], user: UserContext) async throws -> (rows: [FetchedRow], total: Int) {
        let cs = try conditions(t, r, user)
        var b = try builder(t, r, user, dialect: db.dialect, conditions: cs)
        let keys = try sortKeys(t, r, user)
        var countSQL = "SELECT count(*) FROM \(b.from)\(b.whereClause)"
        var countTables = b.tables
        var countParams = b.params
        var sql: String
        var params: [Value]
        // Another way to the same page, taken when the count says it is cheaper: probing a
        // related-row filter along the sort order, or walking the search keys in sort order
        // (for a search, or for a page whose conditions the keys carry).
        var alternative: (sql: String, params: [Value], seen: Int, lookupCost: Double)? = nil
        let search = r.limit == nil ? nil : indexedSearch(t, r, user, keys, cs)
        if let search {
            countSQL = search.countSQL
            countParams = search.params
            countTables = search.tables
        }
        if let limit = r.limit {
            // Late row lookup: sort and page on keys only, then fetch the page's
            // columns and foreign-key texts for those few rows.
            var page = SelectBuilder.selecting(fields, site: site, info: t.model, language: user.language, dialect: db.dialect)
            let pageOrder = page.orderBy(keys)
            let columns = page.selects.map(\.sql).joined(separator: ", ")
            func pageQuery(_ b: inout SelectBuilder) -> (String, [Value]) {
                let keysSQL = b.selectSQL(b.pk, orderedBy: keys) + " LIMIT ? OFFSET ?"
                return ("SELECT \(columns) FROM \(page.from) WHERE \(page.pk) IN (\(keysSQL))\(pageOrder)",
                        b.params + [.int(Int64(limit)), .int(Int64(max(0, r.offset)))])
            }
            (sql, params) = pageQuery(&b)
            if let search {
                let paging: [Value] = [.int(Int64(limit)), .int(Int64(max(0, r.offset)))]
                sql = "SELECT \(columns) FROM \(page.from) WHERE \(page.pk) IN (\(search.idsSQL))\(pageOrder)"
                params = search.params + paging
                if let walk = search.walkSQL {
                    alternative = ("SELECT \(columns) FROM \(page.from) WHERE \(page.pk) IN (\(walk))\(pageOrder)", params,
                                   max(0, r.offset) + limit, IndexedSearch.lookupCost)
                }
            } else if r.searchWords.isEmpty,
                      let walk = try IndexedSearch.keysWalk(site: site, info: t.model, language: user.language, dialect: db.dialect,
                                                            conditions: cs, keys: keys) {
                alternative = ("SELECT \(columns) FROM \(page.from) WHERE \(page.pk) IN (\(walk.sql))\(pageOrder)",
                               walk.params + [.int(Int64(limit)), .int(Int64(max(0, r.offset)))],
                               max(0, r.offset) + limit, 1)
            } else if b.hasExists, sortFollowsAnIndex(t.model, keys) {
                var probe = try builder(t, r, user, dialect: db.dialect, exists: .probe, conditions: cs)
                let (probeSQL, probeParams) = pageQuery(&probe)
                alternative = (probeSQL, probeParams, max(0, r.offset) + limit, 1)
            }
            b = page
        } else {
            b.selectKeyAndVersion()
            b.select(fields: fields)
            sql = b.selectSQL(b.selects.map(\.sql).joined(separator: ", "), orderedBy: keys)
            params = b.params
        }
        let types = b.selects.map(\.type)
        let (finalSQL, finalParams) = (sql, params)
        let (countQuery, countValues, other) = (countSQL, countParams, alternative)  // constants for the reading closure
        let cacheKey = countSQL + "|" + countParams.map(\.keyText).joined(separator: "|")
        let stamp = db.changes.stamp(of: countTables)  // read before counting: a write meanwhile makes the count stale
        let cached = counts.get(cacheKey, stamp: stamp)
        let reader = b
        let store = self
        let model = t.model
        let lengthy = (r.limit ?? Int.max) > 1000  // an export
        let (rows, total) = try await db.read(lengthy: lengthy) { c in
            let total = try cached ?? Int(c.scalar(countQuery, countValues).intValue ?? 0)
            let raw = if let other, try SelectBuilder.walkIsCheaper(total: total, seen: other.seen, rows: store.tableSize(c, model),
                                                                    lookupCost: other.lookupCost) {
                try c.query(walk: (other.sql, other.params), else: (finalSQL, finalParams), types: types,
                            budget: SelectBuilder.walkBudget(total: total, lookupCost: other.lookupCost))
            } else {
                try c.query(finalSQL, finalParams, types: types)
            }
            return (try store.loadComputed(c, model, store.hideUnseenReferences(c, reader.read(raw), model, user),
                                           fields: fields, language: user.language), total)
        }
        if cached == nil { counts.set(cacheKey, total, stamp: stamp) }
        return (rows, total)
    }

    /// The quick search of a request, when the search index alone can answer it.
    func indexedSearch(_ t: TableInfo, _ r: RowsRequest, _ user: UserContext, _ keys: [SortKey],
                       _ conditions: [Condition]) -> IndexedSearch? {
        guard t.searchFields(for: user).index, !r.searchWords.isEmpty else { return nil }
        return IndexedSearch(info: t.model, dialect: db.dialect, words: r.searchWords, conditions: conditions, keys: keys)
    }

    /// Whether rows that meet a filter on related rows are found faster by walking
    /// the sort order and testing each row (one look-up of related rows each) than by
    /// collecting and sorting all of them.
    static func matchesAreDense(total: Int, seen: Int, tableSize: Int) -> Bool {
        SelectBuilder.walkIsCheaper(total: total, seen: seen, rows: tableSize, lookupCost: 1)
    }

    /// An estimate of a model's number of rows from its highest key (one index look-up, no
    /// count), remembered until the table changes: plain pages ask it for their cost model.
    func tableSize(_ c: SQLConnection, _ model: ModelInfo) throws -> Int {
        let sql = "SELECT max(t0.\(db.dialect.quote(model.primaryKey))) FROM \(model.root.tableName) t0"
        let stamp = db.changes.stamp(of: [model.root.tableName])
        if let size = counts.get(sql, stamp: stamp) { return size }
        let size = Int(try c.scalar(sql, []).intValue ?? 0)
        counts.set(sql, size, stamp: stamp)
        return size
    }

    /// Whether the first sort key is read along an index (the key, a sort-key column,
    /// an indexed field), so that walking the order needs no sort.
    func sortFollowsAnIndex(_ model: ModelInfo, _ keys: [SortKey]) -> Bool {
        guard model.primaryKeyType == .int, let first = keys.first else { return false }
        if first.field == model.primaryKey || first.field == "id" { return true }
        guard let f = model.fieldsByName[first.field], f.field.foreignTarget == nil else { return false }
        return f.sortColumn != nil || f.field.indexed
    }

    /// One record, if the user may see it in this table (with the table's filters).
    public func record(_ t: TableInfo, id: Value, fields: [String], user: UserContext, masterID: Value? = nil) async throws -> FetchedRow {
        var r = RowsRequest()
        r.masterID = masterID
        // The record must be visible, not among the grid's current parameters (My clients of another coach).
        var b = try builder(t, r, user, dialect: db.dialect, parameters: false)
        if t.table.masterKey != nil && masterID == nil {
            // Opening a slave row directly: its master is whatever it points to.
            b = SelectBuilder(site: site, info: t.model, language: user.language, dialect: db.dialect)
            if let f = Permissions.rowFilter(t, user) { try b.add(f) }
            if let f = t.table.filter { try b.add(f) }
        }
        try b.add(.equals(t.model.primaryKey, id))
        b.selectKeyAndVersion()
        b.select(fields: fields)
        let sql = "SELECT \(b.selects.map(\.sql).joined(separator: ", ")) FROM \(b.from)\(b.whereClause)"
        let params = b.params
        let types = b.selects.map(\.type)
        let reader = b
        let store = self
        let model = t.model
        let rows = try await db.read { c in
            let found = try store.hideUnseenReferences(c, reader.read(try c.query(sql, params, types: types)), model, user)
            return try store.loadComputed(c, model, found, fields: fields, language: user.language)
        }
        guard let row = rows.first else {
            throw LinoError.notFound(site.t("No such record.", user.language))
        }
        return row
    }

    /// Where a record stands in the grid's sort and filter.
    public func navigation(_ t: TableInfo, id: Value, _ r: RowsRequest, user: UserContext) async throws -> Navigation {
        let keys = try sortKeys(t, r, user)
        let cs = try conditions(t, r, user)
        let b = try builder(t, r, user, dialect: db.dialect, conditions: cs)
        let search = indexedSearch(t, r, user, keys, cs)
        let countSQL = search?.countSQL ?? "SELECT count(*) FROM \(b.from)\(b.whereClause)"
        let countTables = search?.tables ?? b.tables
        let countParams = search?.params ?? b.params
        let cacheKey = countSQL + "|" + countParams.map(\.keyText).joined(separator: "|")
        let stamp = db.changes.stamp(of: countTables)
        let cachedTotal = counts.get(cacheKey, stamp: stamp)
        let reversedKeys = keys.map { SortKey(field: $0.field, descending: !$0.descending) }
            + (keys.contains { $0.field == t.model.primaryKey } ? [] : [SortKey(field: t.model.primaryKey, descending: true)])
        /// The ids at an offset, and the last id, in this builder's style of related-row filters.
        func keyQueries(_ b: SelectBuilder) -> (ids: String, idsParams: [Value], last: String, lastParams: [Value], tables: Set<String>) {
            var keyBuilder = b, reversed = b
            let ids = keyBuilder.selectSQL(keyBuilder.pk, orderedBy: keys) + " LIMIT ? OFFSET ?"
            let last = reversed.selectSQL(reversed.pk, orderedBy: reversedKeys) + " LIMIT 1"
            return (ids, keyBuilder.params, last, reversed.params, keyBuilder.tables.union(reversed.tables))
        }
        let driving = search.map { (ids: $0.idsSQL, idsParams: $0.params, last: $0.lastSQL, lastParams: $0.params, tables: $0.tables) } ?? keyQueries(b)
        let probing = search == nil && b.hasExists && sortFollowsAnIndex(t.model, keys)
            ? keyQueries(try builder(t, r, user, dialect: db.dialect, exists: .probe)) : nil
        // The first and last ids change only with the tables the sorted list reads (its sort
        // joins included): remembered like the count, they cost no walk of the list per detail.
        let endsKey = driving.ids + "|" + driving.last + "|" + driving.idsParams.map(\.keyText).joined(separator: "|")
        let endsStamp = db.changes.stamp(of: driving.tables.union(countTables))
        let cachedEnds = ends.get(endsKey, stamp: endsStamp)
        let store = self
        let model = t.model
        // Sort values of the record, for counting what comes before it.
        var rb = SelectBuilder(site: site, info: t.model, language: user.language, dialect: db.dialect)
        let sortExprs = keys.compactMap { rb.sortExpression($0) }
        try rb.add(.equals(t.model.primaryKey, id))
        let valuesSQL = "SELECT \(sortExprs.isEmpty ? rb.pk : sortExprs.joined(separator: ", ")) FROM \(rb.from)\(rb.whereClause)"
        let valuesParams = rb.params
        let keyTypes = keys.map { k -> ColumnType in
            if let f = t.model.fieldsByName[k.field] {
                if let target = f.field.foreignTarget, let tm = site.models[target], let tf = tm.titleFields.first,
                   let col = tm.fieldsByName[tf]?.columns.first { return col.type }
                return f.columns[0].type
            }
            return t.model.primaryKeyType
        }
        let pkType = t.model.primaryKeyType
        let hint = r.indexHint
        let siteRef = self.site
        let lang = user.language
        let base = b
        let result: (Navigation, Int?, Ends?) = try await db.read { c in
            let total = try cachedTotal ?? Int(c.scalar(countSQL, countParams).intValue ?? 0)
            var q = driving
            if let probing, try Self.matchesAreDense(total: total, seen: max(1, hint ?? 1) + 2, tableSize: store.tableSize(c, model)) {
                q = probing
            }
            /// The ids the chosen query finds; a walk that meets its rows too late gives way to the driving one.
            func run(_ walk: String, _ walkParams: [Value], else drive: String, _ driveParams: [Value]) throws -> [Value] {
                let rows = walk == drive ? try c.query(drive, driveParams, types: [pkType])
                    : try c.query(walk: (walk, walkParams), else: (drive, driveParams), types: [pkType],
                                  budget: SelectBuilder.walkBudget(total: total, lookupCost: 1))
                return rows.map { $0[0] }
            }
            func ids(offset: Int, limit: Int) throws -> [Value] {
                let paging: [Value] = [.int(Int64(limit)), .int(Int64(offset))]
                return try run(q.ids, q.idsParams + paging, else: driving.ids, driving.idsParams + paging)
            }
            var index: Int? = nil
            var window: (offset: Int, ids: [Value]) = (0, [])
            if let hint, hint >= 0 {
                window = (max(0, hint - 1), try ids(offset: max(0, hint - 1), limit: 3))
                if let pos = window.ids.firstIndex(of: id) { index = window.offset + pos }
            }
            if index == nil {
                guard let values = try c.query(valuesSQL, valuesParams, types: keyTypes.isEmpty ? [pkType] : keyTypes).first else {
                    throw LinoError.notFound(siteRef.t("No such record.", lang))
                }
                var nb = base
                let before = nb.before(keys, values: keyTypes.isEmpty ? [] : values, id: id)
                nb.addRaw(before)
                index = Int(try c.scalar("SELECT count(*) FROM \(nb.from)\(nb.whereClause)", nb.params).intValue ?? 0)
            }
            let i = index!
            // The window read at the hint holds the neighbours when the record was found there.
            let around = window.offset == max(0, i - 1) && !window.ids.isEmpty
                ? Array(window.ids.prefix(i == 0 ? 2 : 3)) : try ids(offset: max(0, i - 1), limit: i == 0 ? 2 : 3)
            let prev = i > 0 ? around.first : nil
            let next = around.count > (i > 0 ? 2 : 1) ? around.last : nil
            let ends = try cachedEnds ?? Ends(first: try ids(offset: 0, limit: 1).first,
                                              last: run(q.last, q.lastParams, else: driving.last, driving.lastParams).first)
            return (Navigation(first: ends.first, prev: prev, next: next, last: ends.last, index: i + 1, total: max(total, i + 1)),
                    cachedTotal == nil ? total : nil, cachedEnds == nil ? ends : nil)
        }
        if let total = result.1 { counts.set(cacheKey, total, stamp: stamp) }
        if let found = result.2 { ends.set(endsKey, found, stamp: endsStamp) }
        return result.0
    }
}
