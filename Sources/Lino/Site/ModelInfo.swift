import Synchronization

/// One stored column of a field (a babel field has one per language).
public struct StoredColumn: Sendable {
    public let name: String
    public let type: ColumnType
    /// For babel columns: the language; nil otherwise.
    public let language: String?
    /// A hidden column holding the folded value (lower case, no accents) that
    /// grids sort by, so that "Bäckerei" sorts with "Backes", not after "Z".
    public var isSortKey = false
    /// The name as an SQL identifier (both dialects quote alike), made once.
    public let quoted: String

    public init(name: String, type: ColumnType, language: String?, isSortKey: Bool = false) {
        self.name = name
        self.type = type
        self.language = language
        self.isSortKey = isSortKey
        self.quoted = SQLDialect.sqlite.quote(name)
    }
}

/// The quick-search index of a family of models (a root and the models extending it):
/// one trigram-indexed document per record, made of the search fields of the whole family.
public struct SearchIndex: Sendable {
    /// The index table: `<root table>_search`.
    public let table: String
    /// Search fields declared anywhere in the family, root first.
    public let fields: [String]
    /// Models of the family that declare some of the fields, root first.
    public let models: [String]
    /// Every model of the family, root first: model number i is bit 2^i of a record's `kinds`.
    public let family: [String]
    /// The root's first sort field when it has a sort key (`name`): carried by the index,
    /// so that a search is sorted without reading the records.
    public let sortField: String?
    /// The root's yes/no fields (`is_obsolete`), carried for the same reason.
    public let flags: [String]

    /// Where the carried sort key, kinds and flags are: on SQLite a plain table beside
    /// the FTS5 index (FTS5's own unindexed columns are slower to read); on PostgreSQL
    /// columns of the index table itself.
    public func keysTable(_ dialect: SQLDialect) -> String { dialect == .sqlite ? table + "_keys" : table }
    /// SQLite: the index of the keys in sort order that covers kinds and flags, so that a
    /// page of a search that many rows match is found by walking it (`IndexedSearch.walkSQL`).
    public var sortIndex: String { table + "_keys_sorted" }

    /// The `kinds` bits of a record stored in the tables of these models.
    public func kinds(of models: [String]) -> Int64 {
        models.reduce(Int64(0)) { bits, m in family.firstIndex(of: m).map { bits | (Int64(1) << Int64($0)) } ?? bits }
    }
}

/// A field with where it lives: the model (and so the SQL table) that declares it.
/// A class, not a struct: it is looked up for every field of every row shown, and a
/// copy of a `Field` costs a dozen reference counts.
public final class FieldInfo: Sendable {
    public let field: Field
    /// The model whose table holds the column(s).
    public let ownerName: String
    public let ownerTable: String
    public let columns: [StoredColumn]

    public init(field: Field, ownerName: String, ownerTable: String, columns: [StoredColumn]) {
        self.field = field
        self.ownerName = ownerName
        self.ownerTable = ownerTable
        self.columns = columns
    }

    public var name: String { field.name }
    /// The columns users see and search (the sort key is hidden).
    public var valueColumns: [StoredColumn] { columns.filter { !$0.isSortKey } }
    /// The column to sort by: the folded sort key when there is one.
    public var sortColumn: StoredColumn? { columns.first { $0.isSortKey } }
}

/// A model resolved against the site: its inheritance chain, all its fields
/// (inherited ones included), columns, keys and the rows that may refer to it.
public final class ModelInfo: Sendable {
    public let model: Model
    /// Root model first, this model last.
    public let chain: [Model]
    public let fields: [FieldInfo]
    public let fieldsByName: [String: FieldInfo]
    public let virtuals: [String: VirtualField]
    /// Fields computed from other records for a page at once (a client's coaches).
    public let computed: [String: ComputedField]
    /// Name of the primary key column (`id`, or the declared char key).
    public let primaryKey: String
    public let primaryKeyType: ColumnType
    /// The trigram quick-search index of this model's family (one per root model).
    public let searchIndex: SearchIndex?
    /// Selections of columns built once and copied after (`SelectBuilder.selecting`).
    let selections = Mutex<[String: SelectBuilder]>([:])
    /// The tables a save of this model writes: its chain and its family's search index.
    public var tablesWritten: [String] { chain.map(\.tableName) + (searchIndex.map { [$0.table, $0.table + "_keys"] } ?? []) }

    init(model: Model, chain: [Model], languages: [String], keyTypes: [String: ColumnType], searchIndex: SearchIndex?) {
        self.model = model
        self.chain = chain
        var fields: [FieldInfo] = []
        for m in chain {
            for f in m.ownFields {
                let cols: [StoredColumn]
                if case .babel = f.kind {
                    cols = languages.enumerated().map { i, lang in
                        StoredColumn(name: i == 0 ? f.name : f.name + "_" + lang, type: .text, language: lang)
                    }
                } else if let target = f.foreignTarget {
                    // A foreign key stores the target's key: an integer id or a char code.
                    cols = [StoredColumn(name: f.name, type: keyTypes[target] ?? .int, language: nil)]
                } else if case .file = f.kind {
                    // The key in the file store, then what the user sees of the file.
                    cols = [StoredColumn(name: f.name, type: .text, language: nil),
                            StoredColumn(name: f.name + "_name", type: .text, language: nil),
                            StoredColumn(name: f.name + "_size", type: .int, language: nil),
                            StoredColumn(name: f.name + "_type", type: .text, language: nil)]
                } else if case .char = f.kind, f.indexed, !f.unique {
                    cols = [StoredColumn(name: f.name, type: .text, language: nil),
                            StoredColumn(name: f.name + "_sortkey", type: .text, language: nil, isSortKey: true)]
                } else {
                    cols = [StoredColumn(name: f.name, type: f.kind.columnType, language: nil)]
                }
                fields.append(FieldInfo(field: f, ownerName: m.name, ownerTable: m.tableName, columns: cols))
            }
        }
        self.fields = fields
        self.fieldsByName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var virtuals: [String: VirtualField] = [:]
        for m in chain { for v in m.virtualFields { virtuals[v.field.name] = v } }
        self.virtuals = virtuals
        var computed: [String: ComputedField] = [:]
        for m in chain { for c in m.computedFields { computed[c.field.name] = c } }
        self.computed = computed
        let root = chain[0]
        self.primaryKey = root.primaryKeyField ?? "id"
        self.primaryKeyType = root.primaryKeyField == nil ? .int : .text
        self.searchIndex = searchIndex
        let titled = chain.last { $0.titleBuilder != nil }
        self.titleFields = titled?.titleFields ?? []
        self.titleBuilder = titled?.titleBuilder
        self.rowEditRules = chain.compactMap(\.rowEditRule)
    }

    public var name: String { model.name }
    public var root: Model { chain[0] }
    public var label: String { model.label }


    /// The field a stored column belongs to (`name_fr` -> `name`, a sort key -> its field).
    public func fieldOfColumn(_ column: String) -> FieldInfo? {
        if let f = fieldsByName[column] { return f }
        return fields.first { $0.columns.contains { $0.name == column } }
    }

    /// A stored field, virtual field or the primary key.
    public func hasField(_ name: String) -> Bool {
        fieldsByName[name] != nil || virtuals[name] != nil || computed[name] != nil || name == primaryKey || name == "id"
    }

    /// Fields a title needs, from the model or its parents.
    public let titleFields: [String]
    /// The most specific title of the chain (resolved once: titles are built for every row shown).
    private let titleBuilder: (@Sendable (RecordView) -> String)?
    /// The row rules of the chain (who may change or delete a record).
    public let rowEditRules: [@Sendable (Record, UserContext) -> Bool]

    /// Builds the display text of a record (`Mr Hubert FRISCH`, `Belgium`).
    public func title(_ view: RecordView) -> String {
        if let titleBuilder { return titleBuilder(view) }
        return "\(view.t(model.label)) #\(view.string(primaryKey))"
    }

    /// Default sort fields: the most specific model's order.
    public var defaultOrder: [String] {
        for m in chain.reversed() where !m.defaultOrder.isEmpty { return m.defaultOrder }
        return []
    }
}
