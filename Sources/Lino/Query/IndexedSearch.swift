/// A quick search answered from the family's search index and the keys it carries
/// (sort key, kinds, yes/no flags), without reading the records: a word that
/// hundreds of records contain is counted and sorted there, and only the page's
/// rows are read. Used when every condition of the request is one the index
/// carries (the default "not obsolete" of Persons or Clients) and the order is
/// the family's sort field; anything else takes the general query.
struct IndexedSearch {
    let from: String
    let whereClause: String
    let params: [Value]
    let tables: Set<String>
    private let sortOrder: String
    private let reverseOrder: String
    /// SQLite: the ids of a page found by walking the keys in sort order and testing each
    /// against the matches (params and `LIMIT ? OFFSET ?` as `idsSQL`); nil on PostgreSQL.
    let walkSQL: String?

    /// nil when the index cannot answer this request alone.
    init?(info: ModelInfo, dialect: SQLDialect, words: [String], conditions: [Condition], keys: [SortKey]) {
        let words = words.map(SearchText.fold).filter { !$0.isEmpty }
        guard !words.isEmpty, let carried = Self.carried(info, conditions, keys), carried.related.isEmpty,
              let index = info.searchIndex else { return nil }
        let flags = carried.flags
        let first = carried.first
        let keysTable = index.keysTable(dialect)
        var parts: [String] = []
        var params: [Value] = []
        var from: String
        var walkFrom: String?
        if dialect == .sqlite {
            // The phrase form of `SelectBuilder`'s indexed search; shorter words need its LIKE form.
            guard words.allSatisfy({ $0.count >= 3 }) else { return nil }
            from = "\(index.table) f JOIN \(keysTable) k ON k.id = f.rowid"
            parts.append("f.\(index.table) MATCH ?")
            params.append(.text(SelectBuilder.ftsMatch(words)))
            // `+k.id`: not a look-up by id, a test of each key met along the sort index.
            walkFrom = "\(keysTable) k INDEXED BY \(index.sortIndex) WHERE +k.id IN (SELECT f.rowid FROM \(index.table) f WHERE f.\(index.table) MATCH ?)"
        } else {
            from = "\(keysTable) k"
            for w in words {
                parts.append(dialect.containsCaseInsensitive("k.doc"))
                params.append(.text(dialect.likePattern(contains: w)))
            }
        }
        let carriedParts = Self.keyConditions(info, index, dialect, flags)
        parts += carriedParts.parts
        params += carriedParts.params
        self.from = from
        self.whereClause = " WHERE " + parts.joined(separator: " AND ")
        let rest = parts.dropFirst().map { " AND " + $0 }.joined()
        self.params = params
        self.tables = [index.table, keysTable]
        self.sortOrder = Self.order(first, keys)
        self.reverseOrder = Self.order(first, keys, reversed: true)
        let order = sortOrder
        self.walkSQL = walkFrom.map { "SELECT k.id FROM \($0)\(rest)\(order) LIMIT ? OFFSET ?" }
    }

    /// The flags a request's conditions set and its conditions on related rows, when
    /// the index carries every other condition and the order is the family's sort field
    /// then the key; nil otherwise.
    private static func carried(_ info: ModelInfo, _ conditions: [Condition],
                                _ keys: [SortKey]) -> (flags: [(String, Bool)], related: [Condition], first: SortKey)? {
        guard let index = info.searchIndex, info.primaryKeyType == .int, let sortField = index.sortField else { return nil }
        // The order: the sort field, then the key (the general query's tie-breaker).
        guard let first = keys.first, first.field == sortField,
              keys.dropFirst().allSatisfy({ $0.field == info.primaryKey || $0.field == "id" }) else { return nil }
        var flags: [(String, Bool)] = []
        var related: [Condition] = []
        func carried(_ c: Condition) -> Bool {
            switch c {
            case .and(let cs): return cs.allSatisfy(carried)
            case .equals(let f, .bool(let b)) where index.flags.contains(f): flags.append((f, b)); return true
            case .exists: related.append(c); return true
            default: return false
            }
        }
        guard conditions.allSatisfy(carried) else { return nil }
        return (flags, related, first)
    }

    /// A page without search words, on SQLite, as the ids met walking the keys' sort index
    /// (`LIMIT ? OFFSET ?` follow the params): the kinds and flags are read from the index
    /// itself, where the general query looks up each row met along the sort field's index
    /// in the model's tables (a client is a partner, a person and a client row). A
    /// condition on related rows ("coached by me") is tested for each key met. nil when
    /// the keys cannot answer the request alone. Cheaper only when most rows match: the
    /// caller weighs it with the count (`SelectBuilder.walkIsCheaper`).
    static func keysWalk(site: Site, info: ModelInfo, language: String, dialect: SQLDialect,
                         conditions: [Condition], keys: [SortKey]) throws -> (sql: String, params: [Value])? {
        guard dialect == .sqlite, let index = info.searchIndex, let carried = carried(info, conditions, keys) else { return nil }
        // The keys are named `t0` as the model's first table is, so that a related-row
        // test is written as for the general query (its link compared with `t0.id`).
        var (parts, params) = keyConditions(info, index, dialect, carried.flags, alias: "t0")
        if !carried.related.isEmpty {
            var probe = SelectBuilder(site: site, info: info, language: language, dialect: dialect)
            probe.existsStyle = .probe
            for c in carried.related { try probe.add(c) }
            parts.append(probe.conditionsSQL)
            params += probe.params
        }
        let whereClause = parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND ")
        return ("SELECT t0.id FROM \(index.keysTable(dialect)) t0 INDEXED BY \(index.sortIndex)\(whereClause)"
                + order(carried.first, keys, alias: "t0") + " LIMIT ? OFFSET ?", params)
    }

    /// The kinds and flags of a request as conditions on the keys `k`.
    private static func keyConditions(_ info: ModelInfo, _ index: SearchIndex, _ dialect: SQLDialect,
                                      _ flags: [(String, Bool)], alias k: String = "k") -> (parts: [String], params: [Value]) {
        var parts: [String] = []
        var params: [Value] = []
        // Rows of this model are those stored in its table (a client is a person is a partner).
        if info.name != index.family.first {
            parts.append("(\(k).kinds & ?) <> 0")
            params.append(.int(index.kinds(of: [info.name])))
        }
        for (f, b) in flags {
            parts.append("\(k).\(dialect.quote(f)) = ?")
            params.append(StorageEncoding.encode(.bool(b), .bool))
        }
        return (parts, params)
    }

    /// The keys' order: the sort key as the request asks, then the id.
    private static func order(_ first: SortKey, _ keys: [SortKey], reversed: Bool = false, alias k: String = "k") -> String {
        let descending = first.descending != reversed
        let keyDescending = (keys.dropFirst().first?.descending == true) != reversed
        return " ORDER BY \(k).sortkey\(descending ? " DESC NULLS LAST" : " NULLS FIRST"), \(k).id\(keyDescending ? " DESC" : "")"
    }

    /// A step along the keys' sort index against the look-up of one match and its
    /// sort key (measured on SQLite with 100 000 clients: a step 0.17 µs, a look-up
    /// 0.65-1.3 µs; `SelectBuilder.walkIsCheaper`).
    static let lookupCost = 8.0

    /// Whether walking the keys in sort order finds a page sooner than looking up every match.
    static func walkIsCheaper(total: Int, seen: Int, keys: Int) -> Bool {
        SelectBuilder.walkIsCheaper(total: total, seen: seen, rows: keys, lookupCost: lookupCost)
    }

    var countSQL: String { "SELECT count(*) FROM \(from)\(whereClause)" }

    /// The ids of a page: `LIMIT ? OFFSET ?` follow `params`.
    var idsSQL: String { "SELECT k.id FROM \(from)\(whereClause)\(sortOrder) LIMIT ? OFFSET ?" }

    /// The id of the last row in the order.
    var lastSQL: String { "SELECT k.id FROM \(from)\(whereClause)\(reverseOrder) LIMIT 1" }
}
