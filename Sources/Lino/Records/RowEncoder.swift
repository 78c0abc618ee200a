/// Writes fetched rows as the API's JSON: one object per row keyed by field name.
public struct RowEncoder {
    public let site: Site
    public let table: TableInfo
    public let user: UserContext

    public init(site: Site, table: TableInfo, user: UserContext) {
        self.site = site
        self.table = table
        self.user = user
    }

    /// How one requested field is written (resolved once per request, not per row).
    private enum Column {
        case virtual(String, VirtualField)
        case computed(String)
        /// A plain value of one column, on the wire as it is stored.
        case plain(String, column: String)
        /// A choice as `{"id", "text"}`, each value's object made once in the user's language.
        case choice(String, column: String, objects: [String: JSON])
        case stored(FieldInfo)
    }

    /// What is the same for every row of one answer: the fields this user may see
    /// and how each is read, the row rules, the transitions the user's roles allow,
    /// the row colours.
    private struct Plan {
        var columns: [Column] = []
        var checksRowRules = false
        var transitions: [Workflow.Transition] = []
        var colours: (field: String, texts: [String: JSON])?
    }

    private func plan(_ fields: [String]) -> Plan {
        let model = table.model
        var p = Plan()
        // Field lists are unique by construction; only the key may repeat. A declared
        // key field (a country's ISO code) is shown under its own name as well as "id".
        for name in fields where name != "id" && name != "version" {
            // A field the user may not see is never sent, whoever asked for it.
            if let f = table.field(name), !Permissions.canSee(table, name, f, user) { continue }
            if let v = model.virtuals[name] {
                p.columns.append(.virtual(name, v))
            } else if model.computed[name] != nil {
                p.columns.append(.computed(name))
            } else if let fi = model.fieldsByName[name] {
                p.columns.append(column(fi))
            }
        }
        if let (field, colours) = table.table.rowColours {
            p.colours = (field, colours.mapValues { .string($0.rawValue) })
        }
        p.checksRowRules = !model.rowEditRules.isEmpty && Permissions.canUpdate(table, user)
        if let wf = table.table.workflow { p.transitions = wf.transitions.filter { user.has($0.roles) } }
        return p
    }

    private func column(_ fi: FieldInfo) -> Column {
        switch fi.field.kind {
        case .choice(let list):
            var objects: [String: JSON] = [:]
            for c in list.choices { objects[c.value] = ["id": .string(c.value), "text": .string(site.t(c.text, user.language))] }
            return .choice(fi.name, column: fi.columns[0].name, objects: objects)
        case .char, .text, .richText, .int, .decimal, .bool, .date, .time, .email, .url:
            return .plain(fi.name, column: fi.columns[0].name)
        default:
            return .stored(fi)
        }
    }

    /// One row as the API's JSON object.
    public func encode(_ row: FetchedRow, fields: [String]) -> JSONObject {
        encode(row, plan(fields))
    }

    /// The rows of one answer (the fields' plan made once for all of them).
    public func encode(_ rows: [FetchedRow], fields: [String]) -> [JSONObject] {
        rows.map(encoding(fields))
    }

    /// Encodes row after row with one plan (an export writes each row as it goes).
    public func encoding(_ fields: [String]) -> (FetchedRow) -> JSONObject {
        let p = plan(fields)
        return { encode($0, p) }
    }

    private func encode(_ row: FetchedRow, _ p: Plan) -> JSONObject {
        let model = table.model
        // Virtual fields may show a foreign key's text (`RecordView.title(of:)`).
        let view = site.view(row.values, user.language, titles: row.foreignTitles)
        var o = JSONObject()
        o.append("id", Self.wire(row.values[model.primaryKey] ?? .null))
        o.append("version", Self.wire(row.values["version"] ?? .null))
        o.append("_title", .string(model.title(view)))
        for column in p.columns {
            switch column {
            case .virtual(let name, let v):
                let value = Self.wire(v.compute(view))
                if let alert = v.alert, alert(view), case .string(let text) = value {
                    o.append(name, ["text": .string(text), "alert": true])
                } else {
                    o.append(name, value)
                }
            case .computed(let name):
                // Loaded for the whole page beforehand (RecordStore.loadComputed).
                o.append(name, Self.wire(row.values[name] ?? .null))
            case .plain(let name, let column):
                o.append(name, Self.wire(row.values[column] ?? .null))
            case .choice(let name, let column, let objects):
                guard let v = row.values[column]?.stringValue else { o.append(name, .null); continue }
                // A stored value no longer in the list is shown as it is.
                o.append(name, objects[v] ?? ["id": .string(v), "text": .string(v)])
            case .stored(let fi):
                o.append(fi.name, value(fi, row))
            }
        }
        if p.checksRowRules, !Permissions.canEditRow(model, Record(model: model, values: row.values, titles: row.foreignTitles), user) {
            o.append("_editable", false)
        }
        if let (field, texts) = p.colours, let value = row.values[field]?.stringValue, let colour = texts[value] {
            o.append("_colour", colour)
        }
        if let wf = table.table.workflow {
            var allowed: [JSON] = []
            for t in p.transitions where t.allowed(on: view, field: wf.field, user: user) { allowed.append(.string(t.name)) }
            o.append("_actions", .array(allowed))
        }
        return o
    }

    /// A stored field of a kind the plan does not read directly (`column(_:)`: plain values and choices are).
    func value(_ fi: FieldInfo, _ row: FetchedRow) -> JSON {
        let v = row.values[fi.columns[0].name] ?? .null
        switch fi.field.kind {
        case .babel:
            var o = JSONObject()
            for col in fi.columns { o[col.language!] = .string(row.values[col.name]?.stringValue ?? "") }
            return .object(o)
        case .foreignKey:
            if v.isNull { return .null }
            return ["id": Self.wire(v), "text": .string(row.foreignTitles[fi.name] ?? "")]
        case .passwordHash, .secret:
            return .null
        case .image:
            // The bytes come through their own authorised route, by URL.
            guard case .blob(let b) = v, !b.isEmpty, let id = row.values[table.model.primaryKey] else { return .null }
            return .string("/api/tables/\(table.name)/rows/\(id.intValue.map { String($0) } ?? id.stringValue ?? "")/image/\(fi.name)")
        case .file:
            // The bytes come through their own authorised route, by URL.
            guard v.stringValue != nil, let id = row.values[table.model.primaryKey] else { return .null }
            return ["name": .string(row.values[fi.name + "_name"]?.stringValue ?? ""),
                    "size": .int(row.values[fi.name + "_size"]?.intValue ?? 0),
                    "type": .string(row.values[fi.name + "_type"]?.stringValue ?? ""),
                    "url": .string("/api/tables/\(table.name)/rows/\(id.intValue.map { String($0) } ?? id.stringValue ?? "")/file/\(fi.name)")]
        case .datetime:
            guard let s = v.stringValue else { return .null }
            return .string(s.replacingOccurrences(of: " ", with: "T") + "Z")
        default:
            return Self.wire(v)
        }
    }

    /// A plain value on the wire (decimals as strings, exact).
    public static func wire(_ v: Value) -> JSON {
        switch v {
        case .null: return .null
        case .int(let i): return .int(i)
        case .text(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .decimal(let d): return .string(d.plainString)
        case .blob: return .null
        }
    }
}
