/// The one permission pipeline: user type -> roles -> table, field, action, row.
/// Every request goes through these checks on the server, whatever the UI shows.
public enum Permissions {
    public static func canView(_ t: TableInfo, _ user: UserContext) -> Bool {
        user.has(t.table.viewRoles)
    }

    public static func canEdit(_ t: TableInfo, _ user: UserContext) -> Bool {
        canView(t, user) && user.has(t.table.editRoles) && !(t.table.editsNeedRealUser && user.isActingAsOther)
    }

    public static func canInsert(_ t: TableInfo, _ user: UserContext) -> Bool { t.table.allowInsert && canEdit(t, user) }
    public static func canUpdate(_ t: TableInfo, _ user: UserContext) -> Bool { t.table.allowUpdate && canEdit(t, user) }
    public static func canDelete(_ t: TableInfo, _ user: UserContext) -> Bool {
        t.table.allowDelete && canEdit(t, user) && t.table.deleteRoles.map { user.has($0) } != false
    }

    /// A field a user may type a value for through this table (the writer checks the
    /// field's roles again for every write; system-maintained fields only code sets).
    public static func canEditField(_ t: TableInfo, _ name: String, _ user: UserContext) -> Bool {
        guard let f = t.model.fieldsByName[name]?.field, f.editable, mayChange(t, name, f, user) else { return false }
        if case .passwordHash = f.kind { return false }
        // A workflow's state changes through its transitions only.
        return name != t.table.masterKey && !t.table.readOnlyFields.contains(name) && name != t.table.workflow?.field
    }

    /// Whether the user may see a field at all (its view roles; never a password).
    public static func canSee(_ f: Field, _ user: UserContext) -> Bool {
        canRead(f) && user.has(f.viewRoles)
    }

    /// Whether the user may see a field in this table: its own roles, and those of
    /// the panels it is shown in when it is shown only in panels that need roles.
    public static func canSee(_ t: TableInfo, _ name: String, _ f: Field, _ user: UserContext) -> Bool {
        canSee(f, user) && t.fieldRoles[name].map { user.has($0) } != false
    }

    /// Whether the user may change a field through this table (as `canSee(t:...)`).
    public static func mayChange(_ t: TableInfo, _ name: String, _ f: Field, _ user: UserContext) -> Bool {
        mayChange(f, user) && t.fieldRoles[name].map { user.has($0) } != false
    }

    /// Whether the user may change a field anywhere (its view and edit roles).
    public static func mayChange(_ f: Field, _ user: UserContext) -> Bool {
        user.has(f.viewRoles) && user.has(f.editRoles)
    }

    /// Whether the user may change or delete this record (the models' row rules).
    public static func canEditRow(_ m: ModelInfo, _ row: Record, _ user: UserContext) -> Bool {
        m.rowEditRules.allSatisfy { $0(row, user) }
    }

    /// Whether a field may be shown, sorted or filtered on at all (password hashes never are).
    public static func canRead(_ f: Field) -> Bool {
        switch f.kind {
        case .passwordHash, .secret: return false
        default: return true
        }
    }

    public static func canRun(_ a: TableAction, on t: TableInfo, _ user: UserContext) -> Bool {
        canView(t, user) && user.has(a.roles) && !(t.table.editsNeedRealUser && user.isActingAsOther)
    }

    /// Whether a record of `model` may be shown to the user where another record
    /// refers to it (foreign-key texts, combo choices, master records): the view
    /// roles of the model's default table, and the conditions its rows must meet.
    public static func referenceAccess(_ model: String, site: Site, _ user: UserContext) -> (visible: Bool, conditions: [Condition]) {
        guard let t = site.defaultTable(for: model) else { return (true, []) }
        guard canView(t, user) else { return (false, []) }
        return (true, [t.table.filter, rowFilter(t, user)].compactMap { $0 })
    }

    /// Fields a user may sort and filter this table's rows on: what the table shows
    /// (columns, detail and insert fields), never a password.
    public static func canQuery(_ t: TableInfo, _ name: String, _ user: UserContext) -> Bool {
        guard let f = t.model.fieldsByName[name]?.field, canSee(t, name, f, user) else { return false }
        if case .image = f.kind { return false }  // bytes: nothing to sort or filter by
        if case .file = f.kind { return false }
        return t.shownFields.contains(name)
    }

    /// Rows the user may see in this table (nil: all rows).
    public static func rowFilter(_ t: TableInfo, _ user: UserContext) -> Condition? {
        t.table.rowFilter?(user)
    }

    /// Whether a menu entry is shown.
    public static func canSee(_ item: MenuItem, site: Site, _ user: UserContext) -> Bool {
        switch item {
        case .table(let name, _): return site.tables[name].map { canView($0, user) } ?? false
        case .menu(_, let items): return items.contains { canSee($0, site: site, user) }
        case .command, .separator: return true
        }
    }
}
