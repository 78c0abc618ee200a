/// The values of one stored record, keyed by column name (babel fields by
/// `name`, `name_fr`, ...). `id` and `version` are included.
public typealias Values = [String: Value]

/// Reports a rule broken by a record: the field it concerns (nil for the whole
/// record) and an English message.
public struct RuleViolation: Error, Sendable {
    public let field: String?
    public let message: String
    public init(field: String?, _ message: String) { self.field = field; self.message = message }
}

/// Context handed to `beforeSave` hooks: whether it is an insert, who writes,
/// and typed reads in the same transaction (e.g. the client of a coaching).
public struct SaveContext {
    public let isInsert: Bool
    public let userID: Int64?
    public let today: String
    /// Reads inside the write's transaction.
    public let records: Records
}

/// A record just written, handed to `afterSave` hooks inside the same transaction.
public struct SavedRecord: Sendable {
    public let isInsert: Bool
    public let id: Value
    /// The stored values before the change (empty for an insert).
    public let before: Values
    public let after: Values
    /// Who changed it (nil: the system).
    public let user: UserContext?

    /// Whether a column's value differs between before and after.
    public func changed(_ column: String) -> Bool { (before[column] ?? .null) != (after[column] ?? .null) }
}

/// A model: a database table, its fields, its rules.
///
/// ```swift
/// let country = Model("countries.Country", label: "Country", plural: "Countries",
///                     primaryKey: "isocode") {
///     CharField("isocode", "ISO code", maxLength: 4, required: true)
///     BabelField("name", "Designation", required: true)
/// }
/// .title { r, lang in r.babel("name", lang) }
/// ```
public struct Model: Sendable {
    public let name: String
    public let label: String
    public let pluralLabel: String
    /// The model this one extends (multi-table inheritance sharing the primary key).
    public let parentName: String?
    public let ownFields: [Field]
    /// A char field that is the primary key, or nil for an auto-incremented `id`.
    public let primaryKeyField: String?

    public private(set) var titleFields: [String] = []
    public private(set) var titleBuilder: (@Sendable (RecordView) -> String)?
    public private(set) var validators: [@Sendable (RecordView) -> RuleViolation?] = []
    public private(set) var beforeSaveHooks: [@Sendable (inout Values, SaveContext) throws -> Void] = []
    public private(set) var afterSaveHooks: [@Sendable (Writer, SavedRecord) throws -> Void] = []
    public private(set) var beforeDeleteHooks: [@Sendable (Writer, Record) throws -> Void] = []
    /// Who may change or delete a record, beyond the table's roles (nil: whoever may edit the table).
    public private(set) var rowEditRule: (@Sendable (Record, UserContext) -> Bool)?
    /// Questions asked before a user's insert goes through ("There are 2 similar clients...").
    public private(set) var insertQuestions: [@Sendable (Records, Values, String) throws -> String?] = []
    /// Stored fields the row rule reads (fetched with every row shown).
    public private(set) var rowEditNeeds: [String] = []
    /// Computed fields that query other records, loaded for a whole page at once.
    public fileprivate(set) var computedFields: [ComputedField] = []
    public private(set) var searchFields: [String] = []
    public private(set) var indexes: [[String]] = []
    public private(set) var uniqueTogether: [[String]] = []
    public private(set) var defaultOrder: [String] = []
    public fileprivate(set) var virtualFields: [VirtualField] = []
    /// The table that decides who may see this model's records where others refer to them.
    public private(set) var defaultTableName: String?

    public init(_ name: String, label: String, plural: String, extends parent: String? = nil,
                primaryKey: String? = nil, @FieldsBuilder fields: () -> [Field]) {
        self.name = name
        self.label = label
        self.pluralLabel = plural
        self.parentName = parent
        self.primaryKeyField = primaryKey
        self.ownFields = fields()
        self.tableName = name.replacingOccurrences(of: ".", with: "_").lowercased()
    }

    /// The SQL table name: `contacts.Person` -> `contacts_person`.
    public let tableName: String
    /// The plugin (app label): `contacts`.
    public var app: String { String(name.split(separator: ".").first ?? "") }

    // MARK: - Modifiers

    /// How a record is shown as text (combo boxes, window titles, foreign keys).
    /// `fields` are the columns the closure reads, so that queries can fetch them.
    public func title(_ fields: [String], _ build: @escaping @Sendable (RecordView) -> String) -> Model {
        var m = self; m.titleFields = fields; m.titleBuilder = build; return m
    }

    /// A rule checked before every save; the message names the field when there is one.
    public func validate(field: String? = nil, _ message: String, _ isValid: @escaping @Sendable (RecordView) -> Bool) -> Model {
        var m = self
        m.validators.append { r in isValid(r) ? nil : RuleViolation(field: field, message) }
        return m
    }

    /// A period whose end, when given, is not before its start ("The end date is before
    /// the start date.", at the end field): coachings, contact roles, dispenses...
    public func period(from start: String = "start_date", until end: String = "end_date",
                       message: String = "The end date is before the start date.") -> Model {
        validate(field: end, message) { r in
            guard let s = r[start].stringValue, let e = r[end].stringValue else { return true }
            return e >= s
        }
    }

    /// Adjusts values before each save (computed columns such as a partner's name),
    /// with reads in the same transaction; a thrown `RuleViolation` refuses the save.
    public func beforeSave(_ hook: @escaping @Sendable (inout Values, SaveContext) throws -> Void) -> Model {
        var m = self; m.beforeSaveHooks.append(hook); return m
    }

    /// Runs after each insert or update, in the same transaction (a thrown error rolls it back).
    /// Its writes go through the same writer, as the system on behalf of the user:
    /// "marking this coaching primary un-marks the client's others".
    public func afterSave(_ hook: @escaping @Sendable (Writer, SavedRecord) throws -> Void) -> Model {
        var m = self; m.afterSaveHooks.append(hook); return m
    }

    /// Runs before a record is deleted, in the same transaction: removes what is tied
    /// to it without a foreign key (an upload's reminder task).
    public func beforeDelete(_ hook: @escaping @Sendable (Writer, Record) throws -> Void) -> Model {
        var m = self; m.beforeDeleteHooks.append(hook); return m
    }

    /// A question to ask before a user creates such a record (nil: none): the API answers
    /// `{"confirm": question}` and creates nothing until the request comes again confirmed.
    /// The closure gets reads, the new values and the user's language.
    public func confirmInsert(_ question: @escaping @Sendable (Records, Values, String) throws -> String?) -> Model {
        var m = self; m.insertQuestions.append(question); return m
    }

    /// Who may change or delete a record (on top of the table's edit roles), e.g.
    /// "a note is edited by its author and by staff": checked by the writer, and
    /// rows the user may not change are marked read-only for the shell.
    public func editable(needs fields: [String], when rule: @escaping @Sendable (Record, UserContext) -> Bool) -> Model {
        var m = self; m.rowEditRule = rule; m.rowEditNeeds = fields; return m
    }

    /// Fields that the quick search looks in, backed by a trigram search index.
    public func searchable(_ fields: [String]) -> Model { var m = self; m.searchFields = fields; return m }
    /// An extra (possibly multi-column) index.
    public func index(_ fields: [String]) -> Model { var m = self; m.indexes.append(fields); return m }
    /// Fields whose combination must be unique.
    public func unique(_ fields: [String]) -> Model { var m = self; m.uniqueTogether.append(fields); return m }
    /// The table whose view roles and row filter apply to this model's records wherever
    /// they are referred to (default: the first table declared on the model without a master).
    public func defaultTable(_ name: String) -> Model { var m = self; m.defaultTableName = name; return m }
    /// The default sort of tables on this model.
    public func ordered(_ fields: [String]) -> Model { var m = self; m.defaultOrder = fields; return m }
}

@resultBuilder
public enum FieldsBuilder {
    public static func buildBlock(_ fields: Field...) -> [Field] { fields }
    public static func buildBlock(_ groups: [Field]...) -> [Field] { groups.flatMap { $0 } }
    public static func buildExpression(_ field: Field) -> [Field] { [field] }
    public static func buildExpression(_ fields: [Field]) -> [Field] { fields }
    public static func buildOptional(_ fields: [Field]?) -> [Field] { fields ?? [] }
    public static func buildArray(_ groups: [[Field]]) -> [Field] { groups.flatMap { $0 } }
}

/// Read access to a record's values for titles and rules, in a given language.
public struct RecordView: Sendable {
    public let values: Values
    public let language: String
    public let defaultLanguage: String
    /// Translates computed texts into `language` (nil: they stay English).
    public let localizer: Localizer?
    /// The display texts of the record's foreign keys, when they were read (`title(of:)`).
    public let titles: [String: String]

    public init(_ values: Values, language: String, defaultLanguage: String, localizer: Localizer? = nil,
                titles: [String: String] = [:]) {
        self.values = values
        self.language = language
        self.defaultLanguage = defaultLanguage
        self.localizer = localizer
        self.titles = titles
    }

    /// The display text of a foreign key's target (a place's name), empty when not read.
    public func title(of foreignKey: String) -> String { titles[foreignKey] ?? "" }

    /// A message in the view's language, `{name}` placeholders filled.
    public func t(_ msgid: String, _ args: [String: String] = [:]) -> String {
        guard let localizer else {
            var s = msgid
            for (k, v) in args { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
            return s
        }
        return localizer.t(msgid, language, args)
    }

    public subscript(_ field: String) -> Value { values[field] ?? .null }
    public func string(_ field: String) -> String { values[field]?.stringValue ?? "" }
    public func int(_ field: String) -> Int64? { values[field]?.intValue }

    /// A babel field in the view's language, falling back to the default language.
    public func babel(_ field: String) -> String {
        if language != defaultLanguage, let v = values[field + "_" + language]?.stringValue, !v.isEmpty { return v }
        return string(field)
    }
}

/// A computed, read-only field (age from birth date, an address on one line).
/// A class: looked up for every row shown (a copy of its `Field` costs a dozen reference counts).
public final class VirtualField: Sendable {
    public let field: Field
    /// Stored fields the computation reads.
    public let needs: [String]
    public let compute: @Sendable (RecordView) -> Value
    /// When the value is a warning the user must not miss ("Must read eID card!"):
    /// it is sent as `{text, alert: true}` and shown in red.
    public let alert: (@Sendable (RecordView) -> Bool)?

    public init(_ field: Field, needs: [String], alert: (@Sendable (RecordView) -> Bool)? = nil,
                compute: @escaping @Sendable (RecordView) -> Value) {
        self.field = field.readOnly()
        self.needs = needs
        self.alert = alert
        self.compute = compute
    }
}

/// A computed, read-only field whose values come from other records (a client's
/// coaches): loaded for all rows of a page with one query, never one per row.
public final class ComputedField: Sendable {
    public let field: Field
    /// Stored fields of the row the loader reads (usually none: the id is always there).
    public let needs: [String]
    /// One value per given record, in the same order.
    public let load: @Sendable (Records, [Record]) throws -> [Value]

    public init(_ field: Field, needs: [String] = [], load: @escaping @Sendable (Records, [Record]) throws -> [Value]) {
        self.field = field.readOnly()
        self.needs = needs
        self.load = load
    }
}

extension Model {
    /// Adds a field computed from other records, for a whole page at once:
    ///
    /// ```swift
    /// .computed(CharField("coaches", "Coaches")) { records, clients in
    ///     let open = try records.rows("coachings.Coaching", where: [.oneOf("client", clients.map(\.id))])
    ///     ...
    /// }
    /// ```
    public func computed(_ field: Field, needs: [String] = [],
                         _ load: @escaping @Sendable (Records, [Record]) throws -> [Value]) -> Model {
        var m = self; m.computedFields.append(ComputedField(field, needs: needs, load: load)); return m
    }

    /// Adds a computed field that tables and layouts may show.
    public func virtual(_ field: Field, needs: [String], alert: (@Sendable (RecordView) -> Bool)? = nil,
                        _ compute: @escaping @Sendable (RecordView) -> Value) -> Model {
        var m = self; m.virtualFields.append(VirtualField(field, needs: needs, alert: alert, compute: compute)); return m
    }
}

extension Model {
    /// A list of things known by a name in every site language (Lino's `BabelNamed`):
    /// a service, a note type, an aid type... titled and ordered by that name.
    ///
    /// ```swift
    /// Model.babelNamed("notes.NoteType", label: "Note type", plural: "Note types") {
    ///     BoolField("important", "Important")
    /// }
    /// ```
    public static func babelNamed(_ name: String, label: String, plural: String,
                                  @FieldsBuilder more: () -> [Field] = { [] }) -> Model {
        let extra = more()
        return Model(name, label: label, plural: plural) {
            BabelField("name", "Designation", required: true)
            extra
        }
        .title(["name"]) { $0.babel("name") }
        .ordered(["name"])
    }
}
