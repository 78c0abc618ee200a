import Foundation

/// Builds the UI metadata (menu, tables, layouts) as JSON for one user type and
/// language, and caches it: the answer never depends on anything else.
public final class MetadataBuilder: @unchecked Sendable {
    // @unchecked: the cache dictionary is only touched under `lock`.
    public let site: Site
    private let lock = NSLock()
    private var cache: [String: (json: String, etag: String, value: JSON)] = [:]

    /// The file store's size limit, told to the shell so that it refuses a big file before sending it.
    public let maxFileBytes: Int?

    public init(site: Site, maxFileBytes: Int? = nil) { self.site = site; self.maxFileBytes = maxFileBytes }

    private func cached(_ key: String, _ build: () -> JSON) -> (json: String, etag: String, value: JSON) {
        lock.lock()
        if let hit = cache[key] { lock.unlock(); return hit }
        lock.unlock()
        let value = build()
        let text = value.serialized()
        var hasher = Hasher()
        hasher.combine(text)
        let etag = "\"\(site.version)-\(String(UInt64(bitPattern: Int64(hasher.finalize())), radix: 36))\""
        lock.lock(); cache[key] = (text, etag, value); lock.unlock()
        return (text, etag, value)
    }

    // MARK: - Table metadata

    /// The metadata of a table for this user's type and language.
    public func table(_ t: TableInfo, user: UserContext) -> (json: String, etag: String) {
        let hit = cached("t|\(t.name)|\(user.userType.value)|\(user.language)|\(user.isActingAsOther)") { tableJSON(t, user) }
        return (hit.json, hit.etag)
    }

    func tableJSON(_ t: TableInfo, _ user: UserContext) -> JSON {
        let lang = user.language
        var o = JSONObject()
        o["name"] = .string(t.name)
        o["label"] = .string(site.t(t.table.label, lang))
        o["model"] = .string(t.model.name)
        o["modelLabel"] = .string(site.t(t.model.label, lang))
        o["canInsert"] = .bool(Permissions.canInsert(t, user))
        o["canUpdate"] = .bool(Permissions.canUpdate(t, user))
        o["canDelete"] = .bool(Permissions.canDelete(t, user))
        o["inlineEdit"] = .bool(t.table.inlineEdit && Permissions.canUpdate(t, user))
        o["pageSize"] = .int(Int64(t.table.pageSize))
        o["defaultSort"] = .array(t.order.map { .string(($0.descending ? "-" : "") + $0.field) })
        o["quickSearch"] = .bool(!t.searchFields.isEmpty)
        o["masterKey"] = t.table.masterKey.map(JSON.string) ?? .null
        let visible = { (name: String) -> Bool in t.field(name).map { Permissions.canSee(t, name, $0, user) } ?? true }
        o["columns"] = .array(t.columns.filter { visible($0.name) }.map { c in
            let f = t.field(c.name)
            return .object([
                "name": .string(c.name),
                "width": .int(Int64(c.width ?? f?.width ?? defaultWidth(f))),
                // What the server accepts as a sort (not a file, an image or a virtual field).
                "sortable": .bool(Permissions.canQuery(t, c.name, user) || c.name == t.model.primaryKey),
            ])
        })
        var names: [String] = t.columns.map(\.name)
        for n in (t.detail?.fieldNames ?? []) + (t.insert?.fieldNames ?? []) where !names.contains(n) { names.append(n) }
        names = names.filter(visible)
        var fields = JSONObject()
        var filters = JSONObject()
        for n in names {
            guard let f = t.field(n) else { continue }
            fields[n] = fieldJSON(f, t, user)
            if t.model.fieldsByName[n] != nil, let k = f.kind.filterKind { filters[n] = .string(k) }
        }
        if fields[t.model.primaryKey] == nil, names.contains(t.model.primaryKey) || names.contains("id") {
            fields["id"] = .object(["label": .string("ID"), "type": .string(t.model.primaryKeyType == .int ? "int" : "char"), "editable": false])
        }
        o["fields"] = .object(fields)
        o["filters"] = .object(filters)
        if let pl = t.paramsLayout {
            var pf = JSONObject()
            for p in t.table.params { pf[p.field.name] = fieldJSON(p.field, nil, user) }
            o["params"] = .object(["fields": .object(pf), "layout": layoutJSON(pl, nil, user) ?? .null])
        } else {
            o["params"] = .null
        }
        o["detail"] = t.detail.flatMap { layoutJSON($0, t, user) } ?? .null
        o["insert"] = (t.insert ?? t.detail).flatMap { layoutJSON($0, t, user) } ?? .null
        var actions: [JSON] = []
        if Permissions.canInsert(t, user) {
            actions.append(.object(["name": "duplicate", "label": .string(site.t("Duplicate", lang)), "selection": "single"]))
        }
        for a in t.table.actions where Permissions.canRun(a, on: t, user) {
            var ao: JSONObject = ["name": .string(a.name), "label": .string(site.t(a.label, lang)), "selection": .string(a.selection.rawValue)]
            if let client = a.client { ao["client"] = .string(client) }
            if !a.params.isEmpty {
                var pf = JSONObject()
                for p in a.params { pf[p.name] = fieldJSON(p, nil, user) }
                ao["params"] = .object(["fields": .object(pf)])
            }
            actions.append(.object(ao))
        }
        o["actions"] = .array(actions)
        if let wf = t.table.workflow {
            o["workflow"] = .object([
                "field": .string(wf.field),
                "transitions": .array(wf.transitions.filter { user.has($0.roles) }.map { tr in
                    var to: JSONObject = ["name": .string(tr.name), "label": .string(site.t(tr.label, lang)),
                                          "from": .array(tr.from.map(JSON.string)), "to": .string(tr.to)]
                    if !tr.params.isEmpty {
                        var pf = JSONObject()
                        for p in tr.params { pf[p.name] = fieldJSON(p, nil, user) }
                        to["params"] = .object(["fields": .object(pf)])
                    }
                    return .object(to)
                }),
            ])
        } else {
            o["workflow"] = .null
        }
        return .object(o)
    }

    func defaultWidth(_ f: Field?) -> Int {
        guard let f else { return 12 }
        switch f.kind {
        case .bool: return 6
        case .date, .time, .int: return 10
        case .datetime: return 16
        case .decimal: return 12
        case .char(let max): return min(max, 20)
        default: return 20
        }
    }

    /// One field's metadata; `t` is nil for parameter fields.
    func fieldJSON(_ f: Field, _ t: TableInfo?, _ user: UserContext) -> JSON {
        let lang = user.language
        var o = JSONObject()
        o["label"] = .string(site.t(f.label, lang))
        o["type"] = .string(f.kind.typeName)
        if f.required { o["required"] = true }
        let editable = t.map { Permissions.canUpdate($0, user) || Permissions.canInsert($0, user) ? Permissions.canEditField($0, f.name, user) : false } ?? true
        o["editable"] = .bool(editable && f.editable)
        if let h = f.help { o["help"] = .string(site.t(h, lang)) }
        switch f.defaultValue {
        case .value(let v)? where !v.isNull: o["default"] = RowEncoder.wire(v)
        // Resolved by the shell from the session (the metadata is shared by all users of a type).
        case .today?: o["defaultFrom"] = "today"
        case .currentUser?: o["defaultFrom"] = "currentUser"
        default: break
        }
        switch f.kind {
        case .char(let max), .babel(let max): o["maxLength"] = .int(Int64(max))
        case .decimal(let s): o["scale"] = .int(Int64(s))
        case .date(let incomplete):
            if incomplete { o["incomplete"] = true }
            if f.past { o["past"] = true }
        case .choice(let list):
            o["choices"] = .array(list.choices.map { .object(["id": .string($0.value), "text": .string(site.t($0.text, lang))]) })
        case .foreignKey(let target, _):
            o["target"] = .string(target)
            o["targetLabel"] = .string(site.t(site.models[target]?.label ?? target, lang))
            if !f.dependsOn.isEmpty { o["dependsOn"] = .array(f.dependsOn.map(JSON.string)) }
            // Offered only to users who may create the target (places need contacts staff).
            if f.learning, editable, let targetTable = site.defaultTable(for: target), Permissions.canInsert(targetTable, user) {
                o["learning"] = true
            }
            if !f.fills.isEmpty { o["fills"] = .array(f.fills.keys.sorted().map(JSON.string)) }
        default: break
        }
        if case .babel = f.kind { o["languages"] = .array(site.languages.map(JSON.string)) }
        if case .file(let accepted) = f.kind {
            o["accept"] = .array(accepted.map { .string($0.rawValue) })
            if let max = maxFileBytes { o["maxSize"] = .int(Int64(max)) }
        }
        return .object(o)
    }

    /// A layout tree as this user sees it: panels, fields and slave tables they may not
    /// see are left out (nil when nothing of a node is left). `t` is nil for parameter panels.
    func layoutJSON(_ node: LayoutNode, _ t: TableInfo?, _ user: UserContext) -> JSON? {
        let lang = user.language
        switch node {
        case .tabs(let children):
            let shown = children.compactMap { layoutJSON($0, t, user) }
            return shown.isEmpty ? nil : .object(["type": "tabs", "children": .array(shown)])
        case .panel(let name, let label, let rows):
            if let roles = t?.panelRoles[name], !user.has(roles) { return nil }
            let shownRows = rows.map { $0.compactMap { layoutJSON($0, t, user) } }.filter { !$0.isEmpty }
            guard !shownRows.isEmpty else { return nil }
            var o: JSONObject = ["type": "panel", "name": .string(name)]
            if let label { o["label"] = .string(site.t(label, lang)) }
            o["rows"] = .array(shownRows.map { .array($0) })
            return .object(o)
        case .field(let name, let width):
            if let t, let f = t.field(name), !Permissions.canSee(t, name, f, user) { return nil }
            var o: JSONObject = ["type": "field", "name": .string(name)]
            if let width { o["width"] = .int(Int64(width)) }
            return .object(o)
        case .slave(let table, let height):
            guard let slave = site.tables[table], Permissions.canView(slave, user) else { return nil }
            var o: JSONObject = ["type": "slave", "table": .string(table), "label": .string(site.t(slave.table.label, lang)),
                                 "display": .string(slave.table.displayMode.rawValue)]
            if let height { o["height"] = .int(Int64(height)) }
            return .object(o)
        }
    }

    // MARK: - Site

    /// The menu, languages, formats and UI strings for a user type and language.
    public func siteJSON(user: UserContext) -> JSONObject {
        let lang = user.language
        let fixed = cached("s|\(user.userType.value)|\(lang)") {
            let f = LanguageFormats.of(lang)
            var strings = JSONObject()
            let cat = site.localizer.catalogue(lang)
            for k in cat.keys.sorted() { strings[k] = .string(cat[k]!) }
            return .object([
                "siteName": .string(site.name),
                "version": .string(site.version),
                "language": .string(lang),
                "languages": .array(site.languages.map { .object(["code": .string($0), "name": .string(Localizer.languageNames[$0] ?? $0)]) }),
                "formats": .object(["date": .string(f.datePattern), "decimalSeparator": .string(f.decimalSeparator),
                                    "thousandsSeparator": .string(f.thousandsSeparator)]),
                "menu": .array(menuJSON(site.menu, user)),
                "strings": .object(strings),
            ])
        }
        var o = fixed.value.objectValue ?? JSONObject()
        for (k, v) in site.clientSettings.pairs { o[k] = v }
        return o
    }

    func menuJSON(_ items: [MenuItem], _ user: UserContext) -> [JSON] {
        let lang = user.language
        var out: [JSON] = []
        for item in items where Permissions.canSee(item, site: site, user) {
            switch item {
            case .menu(let label, let sub):
                out.append(.object(["label": .string(site.t(label, lang)), "items": .array(menuJSON(sub, user))]))
            case .table(let name, let label):
                let t = site.tables[name]!
                out.append(.object(["label": .string(site.t(label ?? t.table.label, lang)), "table": .string(name)]))
            case .command(let command, let label):
                out.append(.object(["label": .string(site.t(label, lang)), "command": .string(command)]))
            case .separator:
                if let last = out.last, last["separator"] == nil { out.append(.object(["separator": true])) }
            }
        }
        while let last = out.last, last["separator"] != nil { out.removeLast() }
        return out
    }
}
