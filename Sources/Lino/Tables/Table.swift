/// A parameter field of a table (the panel above the grid), and how its value filters rows.
public struct TableParam: Sendable {
    public let field: Field
    public let apply: @Sendable (Value, ParamContext) -> Condition?

    public init(_ field: Field, apply: @escaping @Sendable (Value, ParamContext) -> Condition?) {
        self.field = field
        self.apply = apply
    }
}

/// What a parameter's filter sees besides its own value: the user and the values
/// of the table's other parameters (coached by X *in the period* of two others).
public struct ParamContext: Sendable {
    public let user: UserContext
    /// Every parameter's value (defaults applied; null when empty).
    public let values: [String: Value]

    public subscript(_ name: String) -> Value { values[name] ?? .null }
    public func has(_ roles: [Role]) -> Bool { user.has(roles) }
}

/// A table (Lino's "actor"): one declaration drives the grid, detail, insert
/// window, parameter panel, menu entry, export and permissions.
///
/// ```swift
/// Table("contacts.Persons", model: "contacts.Person", label: "Persons",
///       columns: "name:30 street city gender birth_date",
///       detail: Layout("general contact", panels: [...]))
/// ```
public struct Table: Sendable {
    public let name: String
    public let modelName: String
    public var label: String
    /// Grid columns in the layout language: `name:30 email phone`.
    public var columns: String
    /// Default sort: `name -birth_date`; empty means the model's order, then id.
    public var order: String
    /// Quick-search fields; nil means the model's searchable fields.
    public var searchFields: [String]?
    /// For slave tables: the field pointing to the master record.
    public var masterKey: String?
    /// Rows the table always restricts to.
    public var filter: Condition?
    public var params: [TableParam]
    public var paramsLayout: String?
    public var detail: Layout?
    public var insert: Layout?
    /// Roles needed to see the table / to change its rows.
    public var viewRoles: [Role]
    public var editRoles: [Role]
    /// Roles needed to delete rows, when deleting needs more than editing
    /// (persons: contacts staff only); nil means the edit roles.
    public var deleteRoles: [Role]?
    public var allowInsert: Bool
    public var allowUpdate: Bool
    public var allowDelete: Bool
    public var inlineEdit: Bool
    public var actions: [TableAction]
    public var workflow: Workflow?
    public var pageSize: Int
    /// Rows a user may see (row-level permission), e.g. only their own record.
    public var rowFilter: (@Sendable (UserContext) -> Condition?)?
    /// Fields the detail of a new record gets from the master or context.
    public var knownValues: [String: Value]
    /// Fields shown but never changed through this table.
    public var readOnlyFields: Set<String>
    /// Rows change only for users working as themselves: acting as another user
    /// (an authority) never lends the right to manage users, types, passwords or authorities.
    public var editsNeedRealUser: Bool
    /// How a detail shows this table when it is a slave (`display(_:)`).
    public var displayMode: SlaveDisplay = .grid
    public var summaryDeclaration: SummaryDeclaration?
    /// Rows coloured by a choice field's value (`colours(by:_:)`).
    public var rowColours: (field: String, colours: [String: RowColour])?

    public init(_ name: String, model: String, label: String, columns: String, order: String = "",
                search: [String]? = nil, masterKey: String? = nil, filter: Condition? = nil,
                params: [TableParam] = [], paramsLayout: String? = nil,
                detail: Layout? = nil, insert: Layout? = nil,
                viewRoles: [Role] = [], editRoles: [Role] = [], deleteRoles: [Role]? = nil,
                allowInsert: Bool = true, allowUpdate: Bool = true, allowDelete: Bool = true,
                inlineEdit: Bool = true, actions: [TableAction] = [], workflow: Workflow? = nil,
                pageSize: Int = 25, knownValues: [String: Value] = [:], readOnly: Set<String> = [],
                editsNeedRealUser: Bool = false, rowFilter: (@Sendable (UserContext) -> Condition?)? = nil) {
        self.editsNeedRealUser = editsNeedRealUser
        self.name = name
        self.modelName = model
        self.label = label
        self.columns = columns
        self.order = order
        self.searchFields = search
        self.masterKey = masterKey
        self.filter = filter
        self.params = params
        self.paramsLayout = paramsLayout
        self.detail = detail
        self.insert = insert
        self.viewRoles = viewRoles
        self.editRoles = editRoles
        self.deleteRoles = deleteRoles
        self.allowInsert = allowInsert
        self.allowUpdate = allowUpdate
        self.allowDelete = allowDelete
        self.inlineEdit = inlineEdit
        self.actions = actions
        self.workflow = workflow
        self.pageSize = pageSize
        self.knownValues = knownValues
        self.readOnlyFields = readOnly
        self.rowFilter = rowFilter
    }

    public var app: String { String(name.split(separator: ".").first ?? "") }
}

/// How a slave table appears inside its master's detail.
public enum SlaveDisplay: String, Sendable {
    /// A grid with its toolbar (the default).
    case grid
    /// A short list of links (Lino's summary panels): a client's coaches, important notes.
    case summary
}

/// A grid row's colour, from a choice the row holds (newcomers green).
public enum RowColour: String, Sendable {
    case green, yellow, red, grey
}

/// One line of a summary panel: plain text, possibly emphasised (important notes in red).
public struct SummaryLine: Sendable {
    public let text: String
    public let emphasis: Bool
    public init(_ text: String, emphasis: Bool = false) { self.text = text; self.emphasis = emphasis }
}

/// What a summary line shows of a row: display texts of fields (a foreign key's
/// title, a choice's label, a date as the user reads it) in the user's language.
public struct SummaryRow: Sendable {
    public let record: Record
    public let language: String
    let texts: @Sendable (String) -> String

    init(record: Record, language: String, texts: @escaping @Sendable (String) -> String) {
        self.record = record
        self.language = language
        self.texts = texts
    }

    /// The display text of a field ("" when empty).
    public func text(_ field: String) -> String { texts(field) }
    public subscript(_ field: String) -> Value { record[field] }
}

/// How a table's rows read as summary lines.
public struct SummaryDeclaration: Sendable {
    /// The fields the lines need (fetched with the rows).
    public let fields: [String]
    public let line: @Sendable (SummaryRow) -> SummaryLine
}

extension Table {
    /// Shows this table as a summary (a short list) where a detail names it.
    public func display(_ mode: SlaveDisplay) -> Table { var t = self; t.displayMode = mode; return t }

    /// How a row reads in the summary list; without it, a row shows its title.
    public func summary(_ fields: [String], _ line: @escaping @Sendable (SummaryRow) -> SummaryLine) -> Table {
        var t = self; t.summaryDeclaration = SummaryDeclaration(fields: fields, line: line); return t
    }

    /// Colours rows by the value of a choice field (`["10": .green, "20": .yellow]`).
    public func colours(by field: String, _ colours: [String: RowColour]) -> Table {
        var t = self; t.rowColours = (field, colours); return t
    }
}
