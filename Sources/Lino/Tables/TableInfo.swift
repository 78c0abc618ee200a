/// One key of a sort order.
public struct SortKey: Sendable, Equatable {
    public let field: String
    public let descending: Bool

    /// Parses `name -birth_date` or `name,-birth_date`.
    public static func parse(_ text: String) -> [SortKey] {
        text.split(whereSeparator: { $0 == " " || $0 == "," }).map { word in
            word.hasPrefix("-") ? SortKey(field: String(word.dropFirst()), descending: true)
                                : SortKey(field: String(word), descending: false)
        }
    }
}

/// A grid column as declared.
public struct ColumnSpec: Sendable {
    public let name: String
    public let width: Int?
}

/// A table resolved against its model, with layouts parsed and validated.
public final class TableInfo: Sendable {
    public let table: Table
    public let model: ModelInfo
    public let columns: [ColumnSpec]
    public let order: [SortKey]
    public let detail: LayoutNode?
    public let insert: LayoutNode?
    public let paramsLayout: LayoutNode?
    public let searchFields: [String]
    public let params: [String: TableParam]
    /// Every field the table shows in its grid, detail or insert window, and its default sort.
    public let shownFields: Set<String>
    /// Panels of the detail and insert layouts that need roles (panel name -> roles).
    public let panelRoles: [String: [Role]]
    /// Fields this table shows only in panels that need roles (the Misc tab's remarks):
    /// the user needs one of those roles to see or change them here, as for the panel.
    public let fieldRoles: [String: [Role]]

    public var name: String { table.name }

    /// Whether the quick search uses the family's trigram index (the table did not choose its own fields).
    public var searchesIndex: Bool { table.searchFields == nil && model.searchIndex != nil }

    /// The quick-search fields this user may see here; the index answers only when
    /// they are all of them (a field shown only in a panel the user lacks is not searched).
    public func searchFields(for user: UserContext) -> (fields: [String], index: Bool) {
        let visible = searchFields.filter { name in model.fieldsByName[name].map { Permissions.canSee(self, name, $0.field, user) } ?? false }
        return (visible, searchesIndex && visible.count == searchFields.count)
    }

    init(table: Table, model: ModelInfo, tableNames: Set<String>) throws {
        self.table = table
        self.model = model
        let context = "Table \(table.name)"
        columns = LayoutParser.words(table.columns).map { ColumnSpec(name: $0.name, width: $0.size) }
        guard !columns.isEmpty else { throw SiteError("\(context) has no columns") }
        for c in columns where !model.hasField(c.name) {
            throw SiteError("\(context): unknown column '\(c.name)' (model \(model.name) has no such field)")
        }
        let declaredOrder = SortKey.parse(table.order)
        order = declaredOrder.isEmpty ? SortKey.parse(model.defaultOrder.joined(separator: " ")) : declaredOrder
        for k in order where model.fieldsByName[k.field] == nil && k.field != model.primaryKey {
            throw SiteError("\(context): cannot sort by '\(k.field)' (not a stored field of \(model.name))")
        }
        searchFields = table.searchFields ?? model.searchIndex?.fields.filter { model.fieldsByName[$0] != nil } ?? []
        for f in searchFields where model.fieldsByName[f] == nil {
            throw SiteError("\(context): quick search names unknown field '\(f)'")
        }
        if let mk = table.masterKey {
            guard model.fieldsByName[mk]?.field.isForeignKey == true else {
                throw SiteError("\(context): master key '\(mk)' is not a foreign key of \(model.name)")
            }
        }
        let fieldParser = LayoutParser(context: "\(context) layout", isField: { model.hasField($0) }, isTable: { tableNames.contains($0) })
        detail = try table.detail.map { try fieldParser.parse($0) }
        insert = try table.insert.map { try fieldParser.parse($0) }
        shownFields = Set(columns.map(\.name) + (detail?.fieldNames ?? []) + (insert?.fieldNames ?? []) + order.map(\.field))
        var panelRoles: [String: [Role]] = [:]
        for layout in [table.detail, table.insert].compactMap({ $0 }) {
            for (name, p) in layout.panels where !p.roles.isEmpty { panelRoles[name] = p.roles }
        }
        self.panelRoles = panelRoles
        fieldRoles = Self.fieldsOnlyInRestrictedPanels([detail, insert].compactMap { $0 }, panelRoles,
                                                       open: Set(columns.map(\.name) + order.map(\.field)))
        params = Dictionary(table.params.map { ($0.field.name, $0) }, uniquingKeysWith: { a, _ in a })
        let paramNames = Set(params.keys)
        if let pl = table.paramsLayout {
            paramsLayout = try LayoutParser(context: "\(context) parameters", isField: { paramNames.contains($0) }, isTable: { _ in false })
                .parse(Layout(pl))
        } else if !params.isEmpty {
            paramsLayout = .panel(name: "params", label: nil, rows: [table.params.map { .field(name: $0.field.name, width: nil) }])
        } else {
            paramsLayout = nil
        }
        for a in table.actions where ["insert", "update", "delete", "duplicate"].contains(a.name) {
            throw SiteError("\(context): action name '\(a.name)' is reserved for a standard action")
        }
        if let wf = table.workflow {
            guard let list = model.fieldsByName[wf.field]?.field.choiceList else {
                throw SiteError("\(context): workflow field '\(wf.field)' is not a choice field")
            }
            for tr in wf.transitions {
                for state in tr.from + [tr.to] where list.choice(state) == nil {
                    throw SiteError("\(context): transition '\(tr.name)' names state '\(state)', which \(list.name) does not have")
                }
            }
        }
        // Every other name a declaration uses must exist too.
        for f in table.readOnlyFields where !model.hasField(f) {
            throw SiteError("\(context): read-only field '\(f)' is not a field of \(model.name)")
        }
        for f in table.knownValues.keys where model.fieldsByName[f] == nil {
            throw SiteError("\(context): known value for '\(f)', which is not a stored field of \(model.name)")
        }
        for f in table.filter?.fieldNames.own ?? [] where model.fieldsByName[f] == nil && f != model.primaryKey && f != "id" {
            throw SiteError("\(context): its filter names '\(f)', which is not a stored field of \(model.name)")
        }
        if let (field, colours) = table.rowColours {
            guard let list = model.fieldsByName[field]?.field.choiceList else {
                throw SiteError("\(context): row colours by '\(field)', which is not a choice field of \(model.name)")
            }
            for value in colours.keys where list.choice(value) == nil {
                throw SiteError("\(context): row colour for '\(value)', which \(list.name) does not have")
            }
        }
        for f in (table.summaryDeclaration?.fields ?? []) + model.chain.flatMap(\.rowEditNeeds) where !model.hasField(f) {
            throw SiteError("\(context): '\(f)' is not a field of \(model.name)")
        }
    }

    /// For each field met only inside role-restricted panels: the roles of those panels.
    static func fieldsOnlyInRestrictedPanels(_ layouts: [LayoutNode], _ panelRoles: [String: [Role]], open: Set<String>) -> [String: [Role]] {
        var restricted: [String: [Role]] = [:]
        var unrestricted = open
        func walk(_ node: LayoutNode, _ roles: [Role]?) {
            switch node {
            case .tabs(let children): children.forEach { walk($0, roles) }
            case .panel(let name, _, let rows): rows.joined().forEach { walk($0, panelRoles[name] ?? roles) }
            case .field(let name, _):
                if let roles { restricted[name, default: []].append(contentsOf: roles) } else { unrestricted.insert(name) }
            case .slave: break
            }
        }
        layouts.forEach { walk($0, nil) }
        return restricted.filter { !unrestricted.contains($0.key) }
    }

    /// The field metadata for a name: stored, virtual, or nil.
    public func field(_ name: String) -> Field? {
        model.fieldsByName[name]?.field ?? model.virtuals[name]?.field ?? model.computed[name]?.field
    }

    /// What rows of this table must be read with besides the fields shown: what the
    /// row rule, the row colours and the workflow's conditions look at.
    public var rowExtras: [String] {
        var extra = model.chain.flatMap(\.rowEditNeeds)
        if let c = table.rowColours { extra.append(c.field) }
        if let wf = table.workflow { extra.append(wf.field) }
        return extra
    }

    /// Every field the detail form shows.
    public var detailFields: [String] { detail?.fieldNames ?? [] }
}
