import Foundation

/// Creates and migrates the schema from the model declarations: new tables,
/// new columns and new indexes are applied automatically. Nothing is dropped.
public struct SchemaMigrator {
    public let site: Site

    public init(site: Site) { self.site = site }

    /// Framework tables that are not models: sessions, login failures, metadata.
    static func frameworkTables(_ d: SQLDialect) -> [String] {
        [
            "CREATE TABLE IF NOT EXISTS lino_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS lino_session (token TEXT PRIMARY KEY, user_id \(d.ddlType(.int)) NOT NULL,
              acting_as \(d.ddlType(.int)), csrf TEXT NOT NULL, created TEXT NOT NULL, last_seen TEXT NOT NULL, checked TEXT)
            """,
            "CREATE INDEX IF NOT EXISTS lino_session_user ON lino_session (user_id)",
            "CREATE TABLE IF NOT EXISTS lino_login_failure (login_key TEXT NOT NULL, at TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS lino_login_failure_key ON lino_login_failure (login_key, at)",
            // Who changed which fields of a record when (RecordStore+Changes.swift).
            """
            CREATE TABLE IF NOT EXISTS lino_change (id \(d.autoIncrementPrimaryKey), model TEXT NOT NULL, record TEXT NOT NULL,
              version \(d.ddlType(.int)) NOT NULL, user_id \(d.ddlType(.int)), at TEXT NOT NULL, fields TEXT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS lino_change_record ON lino_change (model, record, version)",
        ]
    }

    /// Applies what is missing; returns the statements it ran (for the log).
    @discardableResult
    public func migrate(_ c: SQLConnection) throws -> [String] {
        let d = c.dialect
        var ran: [String] = []
        func run(_ sql: String) throws { try c.executeScript(sql); ran.append(sql) }
        if d == .postgres {
            try c.executeScript("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            try c.executeScript(SQLDialect.postgresFoldFunction)
        }
        for sql in Self.frameworkTables(d) { try c.executeScript(sql) }
        // Added after the first release: when a directory session was last checked.
        if try !existingColumns(c, "lino_session").contains("checked") { try run("ALTER TABLE lino_session ADD COLUMN checked TEXT") }

        var newKeys: [ModelInfo] = []
        for name in site.modelOrder {
            let info = site.models[name]!
            let m = info.model
            let existing = try existingColumns(c, m.tableName)
            let own = info.fields.filter { $0.ownerName == m.name }
            if existing.isEmpty {
                var cols: [String] = []
                if m.parentName == nil {
                    if let pk = m.primaryKeyField {
                        cols.append("\(d.quote(pk)) TEXT PRIMARY KEY")
                    } else {
                        cols.append("id \(d.autoIncrementPrimaryKey)")
                    }
                    cols.append("version \(d.ddlType(.int)) NOT NULL DEFAULT 1")
                } else {
                    let parent = site.models[m.parentName!]!
                    cols.append("id \(d.ddlType(.int)) PRIMARY KEY REFERENCES \(parent.model.tableName)(id)")
                }
                for f in own where f.name != m.primaryKeyField {
                    cols.append(contentsOf: columnDefinitions(f, d))
                }
                try run("CREATE TABLE \(m.tableName) (\n  " + cols.joined(separator: ",\n  ") + "\n)")
            } else {
                for f in own where f.name != m.primaryKeyField {
                    for (col, def) in zip(f.columns, columnDefinitions(f, d)) where !existing.contains(col.name) {
                        try run("ALTER TABLE \(m.tableName) ADD COLUMN \(def)")
                        // Rows that existed before the field get its default (a new required choice stays valid).
                        if case .value(let v)? = f.field.defaultValue, !v.isNull, !col.isSortKey, col.language == nil {
                            try c.execute("UPDATE \(m.tableName) SET \(d.quote(col.name)) = ?", [StorageEncoding.encode(v, col.type)])
                        }
                        // A field that became indexed gets the sort keys of its stored values (sorts and look-ups use them).
                        if col.isSortKey, existing.contains(f.name) { try fillSortKeys(c, info, field: f.name, key: col.name) }
                    }
                }
            }
            for sql in indexStatements(info, d) { try c.executeScript(sql) }
            if m.parentName == nil, let index = info.searchIndex {
                try createSearchIndex(c, info, table: index.table)
                if try createSearchKeys(c, index) { newKeys.append(info) }
            }
        }
        // Keys added to an index that already had documents: computed from the records.
        for info in newKeys { try fillSearchKeys(c, info) }
        return ran
    }

    private func columnDefinitions(_ f: FieldInfo, _ d: SQLDialect) -> [String] {
        f.columns.map { col in
            var def = "\(d.quote(col.name)) \(d.ddlType(col.type))"
            if case .bool = f.field.kind { def += " NOT NULL DEFAULT " + (d == .sqlite ? "0" : "false") }
            if let target = f.field.foreignTarget, let t = site.models[target] {
                def += " REFERENCES \(t.chain.first { $0.name == target }!.tableName)(\(d.quote(t.primaryKey)))"
            }
            return def
        }
    }

    private func indexStatements(_ info: ModelInfo, _ d: SQLDialect) -> [String] {
        let m = info.model
        let table = m.tableName
        // PostgreSQL: NULLS FIRST matches the sort the query builder emits (SQLite's natural order).
        func key(_ col: String) -> String { d == .postgres ? "\(d.quote(col)) NULLS FIRST" : d.quote(col) }
        var out: [String] = []
        for f in info.fields where f.ownerName == m.name && (f.field.indexed || f.field.unique) && f.name != m.primaryKeyField {
            // A field with a sort key is sorted (and so indexed) by that key only.
            for col in f.columns where f.sortColumn == nil || col.isSortKey {
                let unique = f.field.unique && col.language == nil
                let tail = d == .postgres && !unique ? ", id" : ""
                out.append("CREATE \(unique ? "UNIQUE " : "")INDEX IF NOT EXISTS \(table)_\(col.name) ON \(table) (\(key(col.name))\(tail))")
            }
        }
        for fields in m.indexes {
            out.append("CREATE INDEX IF NOT EXISTS \(table)_\(fields.joined(separator: "_")) ON \(table) (\(fields.map(key).joined(separator: ", ")))")
        }
        for fields in m.uniqueTogether {
            out.append("CREATE UNIQUE INDEX IF NOT EXISTS \(table)_u_\(fields.joined(separator: "_")) ON \(table) (\(fields.map { d.quote($0) }.joined(separator: ", ")))")
        }
        return out
    }

    /// After a bulk load (demo data, `welfare load`): merge the search indexes'
    /// segments into one (fewer doclists to read per quick search) and, on
    /// PostgreSQL, refresh the planner's statistics.
    public func tidyAfterBulkLoad(_ c: SQLConnection) throws {
        switch c.dialect {
        case .sqlite:
            for info in site.models.values where info.model.parentName == nil {
                guard let table = info.searchIndex?.table else { continue }
                try c.execute("INSERT INTO \(table)(\(table)) VALUES ('optimize')", [])
            }
        case .postgres:
            try c.executeScript("ANALYZE")
        }
    }

    private func createSearchIndex(_ c: SQLConnection, _ info: ModelInfo, table: String) throws {
        switch c.dialect {
        case .sqlite:
            // Trigram FTS5: a phrase query finds any substring of 3 or more characters from
            // the index alone (positions are kept). Documents are folded (lower case, no accents).
            try c.executeScript("CREATE VIRTUAL TABLE IF NOT EXISTS \(table) USING fts5(doc, tokenize='trigram')")
        case .postgres:
            try c.executeScript("""
                CREATE TABLE IF NOT EXISTS \(table) (id BIGINT PRIMARY KEY, doc TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS \(table)_trgm ON \(table) USING gin (doc gin_trgm_ops)
                """)
        }
    }

    /// Writes the folded sort key of every stored value of a text field.
    private func fillSortKeys(_ c: SQLConnection, _ info: ModelInfo, field: String, key: String) throws {
        let d = c.dialect
        let table = info.model.tableName
        let id = d.quote(info.model.parentName == nil ? info.primaryKey : "id")
        let rows = try c.query("SELECT \(id), \(d.quote(field)) FROM \(table) WHERE \(d.quote(field)) IS NOT NULL", [],
                               types: [info.primaryKeyType, .text])
        for r in rows {
            guard let text = r[1].stringValue else { continue }
            try c.execute("UPDATE \(table) SET \(d.quote(key)) = ? WHERE \(id) = ?", [.text(SearchText.fold(text)), r[0]])
        }
    }

    /// The sort key, kinds and flags a search index carries (`SearchIndex.keysTable`).
    /// Returns whether they were missing (an index made before them).
    private func createSearchKeys(_ c: SQLConnection, _ index: SearchIndex) throws -> Bool {
        let d = c.dialect
        let table = index.keysTable(d)
        let existing = try existingColumns(c, table)
        let flags = index.flags.map { ($0, "\(d.quote($0)) \(d.ddlType(.bool)) NOT NULL DEFAULT \(d == .sqlite ? "0" : "false")") }
        let columns = [("sortkey", "sortkey TEXT"), ("kinds", "kinds \(d.ddlType(.int)) NOT NULL DEFAULT 0")] + flags
        // SQLite: the keys in sort order, covering kinds and flags (made again when a flag is added).
        let sortIndex = "CREATE INDEX IF NOT EXISTS \(index.sortIndex) ON \(table) (sortkey, id, kinds"
            + index.flags.map { ", " + d.quote($0) }.joined() + ")"
        if d == .sqlite && existing.isEmpty {
            try c.executeScript("CREATE TABLE \(table) (id INTEGER PRIMARY KEY, \(columns.map(\.1).joined(separator: ", ")))")
            try c.executeScript(sortIndex)
            return true
        }
        // A flag added to the root later (or the keys added to an older index) is filled in.
        let missing = columns.filter { !existing.contains($0.0) }
        for (_, definition) in missing { try c.executeScript("ALTER TABLE \(table) ADD COLUMN \(definition)") }
        if d == .sqlite {
            if !missing.isEmpty { try c.executeScript("DROP INDEX IF EXISTS \(index.sortIndex)") }
            try c.executeScript(sortIndex)
        }
        return !missing.isEmpty
    }

    /// Computes the carried keys of every record of a family from its tables.
    private func fillSearchKeys(_ c: SQLConnection, _ root: ModelInfo) throws {
        guard let index = root.searchIndex else { return }
        let d = c.dialect
        let key = d.quote(root.primaryKey)
        let kinds = index.family.enumerated().map { i, name -> String in
            let table = site.models[name]!.model.tableName
            let bit = Int64(1) << Int64(i)
            return name == root.name ? "\(bit)" : "(CASE WHEN EXISTS (SELECT 1 FROM \(table) x WHERE x.id = t0.\(key)) THEN \(bit) ELSE 0 END)"
        }.joined(separator: " + ")
        let sort = index.sortField.map { "t0.\(d.quote($0 + "_sortkey"))" } ?? "NULL"
        let flags = index.flags.map { "t0.\(d.quote($0))" }
        let table = index.keysTable(d)
        if d == .sqlite {
            let columns = (["id", "sortkey", "kinds"] + index.flags.map { d.quote($0) }).joined(separator: ", ")
            try c.execute("INSERT OR REPLACE INTO \(table) (\(columns)) SELECT \(([ "t0.\(key)", sort, kinds] + flags).joined(separator: ", ")) FROM \(root.model.tableName) t0", [])
        } else {
            let sets = (["sortkey = \(sort)", "kinds = \(kinds)"] + index.flags.map { "\(d.quote($0)) = t0.\(d.quote($0))" }).joined(separator: ", ")
            try c.execute("UPDATE \(table) s SET \(sets) FROM \(root.model.tableName) t0 WHERE t0.\(key) = s.id", [])
        }
    }

    private func existingColumns(_ c: SQLConnection, _ table: String) throws -> Set<String> {
        switch c.dialect {
        case .sqlite:
            return Set(try c.query("SELECT name FROM pragma_table_info(?)", [.text(table)], types: [.text]).compactMap { $0[0].stringValue })
        case .postgres:
            return Set(try c.query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?",
                                   [.text(table)], types: [.text]).compactMap { $0[0].stringValue })
        }
    }
}
