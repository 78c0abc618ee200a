/// A parameter field of a table (the panel above the grid), and how its value filters rows.
public struct TableParam: Sendable {
    public let field: Field
    public let apply: @Sendable (Value, UserContext) -> Condition?

    public init(_ field: Field, apply: @escaping @Sendable (Value, UserContext) -> Condition?) {
        self.field = field
        self.apply = apply
    }
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
