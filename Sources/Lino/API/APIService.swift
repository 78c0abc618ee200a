import Foundation

/// The JSON API of docs/API.md without HTTP: each endpoint is a method taking
/// the parsed request and returning JSON, or throwing a `LinoError`.
/// `LinoServer` maps routes to these methods; tests may call them directly.
public struct APIService: Sendable {
    public let site: Site
    public let store: RecordStore
    public let metadata: MetadataBuilder

    public init(site: Site, store: RecordStore) {
        self.site = site
        self.store = store
        self.metadata = MetadataBuilder(site: site, maxFileBytes: store.files?.maxBytes)
    }

    static let maxLimit = 500

    // MARK: - Site and metadata

    public func siteInfo(user: UserContext, csrfToken: String) -> JSON {
        var o = metadata.siteJSON(user: user)
        o["user"] = userJSON(user)
        o["csrfToken"] = .string(csrfToken)
        return .object(o)
    }

    public func userJSON(_ user: UserContext) -> JSON {
        var o: JSONObject = [
            "id": .int(user.id), "username": .string(user.username), "fullName": .string(user.fullName),
            "language": .string(user.language),
            "userType": .object(["id": .string(user.userType.value), "text": .string(site.t(user.userType.text, user.language))]),
        ]
        if let real = user.realUserID { o["realUserId"] = .int(real) }
        return .object(o)
    }

    public func tableMetadata(_ name: String, user: UserContext) throws -> (json: String, etag: String) {
        metadata.table(try store.table(name, for: user), user: user)
    }

    // MARK: - Rows

    /// Parses the grid's query parameters (sort, q, filter, p.X, mk, offset, limit, index).
    public func rowsRequest(_ t: TableInfo, _ query: [String: String], user: UserContext) async throws -> RowsRequest {
        let lang = user.language
        var r = RowsRequest()
        r.offset = max(0, Int(query["offset"] ?? "") ?? 0)
        r.limit = min(Self.maxLimit, max(1, Int(query["limit"] ?? "") ?? t.table.pageSize))
        r.sort = SortKey.parse(query["sort"] ?? "")
        r.search = ControlCharacters.stripped(String((query["q"] ?? "").prefix(200)))
        if !r.searchWords.isEmpty && t.searchFields.isEmpty {
            throw LinoError.badRequest(site.t("This table has no quick search.", lang))
        }
        r.indexHint = query["index"].flatMap { Int($0) }
        if let mk = query["mk"], !mk.isEmpty, let mkField = t.table.masterKey,
           let target = t.model.fieldsByName[mkField]?.field.foreignTarget, let tm = site.models[target] {
            guard let id = tm.primaryKeyType == .int ? Int64(mk).map(Value.int) : .text(mk), !ControlCharacters.contains(mk) else {
                throw LinoError.badRequest(site.t("Invalid master record id.", lang))
            }
            r.masterID = id
            try await store.checkMaster(t, id, user)
        }
        for (key, raw) in query where key.hasPrefix("p.") {
            let name = String(key.dropFirst(2))
            guard let p = t.params[name] else { throw LinoError.badRequest(site.t("Unknown parameter {name}.", lang, ["name": name])) }
            // Sent empty: the user cleared a parameter that has a default (no "coached by").
            if raw.isEmpty { r.params[name] = .null; continue }
            let json: JSON = p.field.kind.typeName == "bool" ? .bool(raw == "true") : .string(raw)
            switch parameter(p.field, json, lang) {
            case .success(let v): r.params[name] = v
            case .failure(let m): throw LinoError.badRequest(m.message + " (\(name))")
            }
        }
        if let f = query["filter"], !f.isEmpty {
            guard let list = JSON.parse(f)?.arrayValue else { throw LinoError.badRequest(site.t("Malformed filter.", lang)) }
            r.filters = try list.map { try filterCondition($0, t, user) }
        }
        return r
    }

    func filterCondition(_ j: JSON, _ t: TableInfo, _ user: UserContext) throws -> Condition {
        let lang = user.language
        guard let name = j["field"]?.stringValue, let op = j["op"]?.stringValue else {
            throw LinoError.badRequest(site.t("Malformed filter.", lang))
        }
        guard let fi = t.model.fieldsByName[name], Permissions.canQuery(t, name, user) else {
            throw LinoError.badRequest(site.t("Cannot filter by {name}.", lang, ["name": String(name.prefix(100))]))
        }
        func value(_ raw: JSON?) throws -> Value {
            guard let raw else { return .null }
            switch ValueParser.parse(raw, field: fi.field, languages: site.languages) {
            case .value(let v): return StorageEncoding.encode(v, fi.columns[0].type)
            case .invalid(let m, let args): throw LinoError.badRequest(site.t(m, lang, args) + " (\(name))")
            }
        }
        switch op {
        case "contains":
            guard let s = j["value"]?.stringValue else { throw LinoError.badRequest(site.t("Malformed filter.", lang)) }
            return .contains(name, s)
        case "eq": return .equals(name, try value(j["value"]))
        case "range":
            var cs: [Condition] = []
            let from = try value(j["from"]), to = try value(j["to"])
            if !from.isNull { cs.append(.atLeast(name, from)) }
            if !to.isNull { cs.append(.atMost(name, to)) }
            return .and(cs)
        case "in":
            guard let values = j["values"]?.arrayValue else { throw LinoError.badRequest(site.t("Malformed filter.", lang)) }
            return .oneOf(name, try values.map { try value($0) })
        case "empty": return .isNull(name)
        default: throw LinoError.badRequest(site.t("Malformed filter.", lang))
        }
    }

    public func rows(_ name: String, query: [String: String], user: UserContext) async throws -> JSON {
        let t = try store.table(name, for: user)
        let r = try await rowsRequest(t, query, user: user)
        let fields = shown(t.columns.map(\.name), t, user)
        let (rows, total) = try await store.rows(t, r, fields: fields + t.rowExtras, user: user)
        let enc = RowEncoder(site: site, table: t, user: user)
        return .object([
            "rows": .array(enc.encode(rows, fields: fields).map { .object($0) }),
            "total": .int(Int64(total)), "offset": .int(Int64(r.offset)), "limit": .int(Int64(r.limit ?? 0)),
        ])
    }

    func detailFields(_ t: TableInfo, _ user: UserContext) -> [String] {
        var names = t.columns.map(\.name)
        for n in t.detailFields + (t.insert?.fieldNames ?? []) where !names.contains(n) { names.append(n) }
        return shown(names, t, user)
    }

    /// The fields of a list the user may see (a hidden field is neither read nor sent).
    func shown(_ names: [String], _ t: TableInfo, _ user: UserContext) -> [String] {
        names.filter { name in t.field(name).map { Permissions.canSee(t, name, $0, user) } ?? true }
    }

    func id(_ raw: String, _ t: TableInfo, _ lang: String) throws -> Value {
        guard let id = store.parseID(raw, t) else { throw LinoError.notFound(site.t("No such record.", lang)) }
        return id
    }

    public func row(_ name: String, id rawID: String, query: [String: String], user: UserContext) async throws -> JSON {
        let t = try store.table(name, for: user)
        let id = try id(rawID, t, user.language)
        let r = try await rowsRequest(t, query, user: user)
        let fields = detailFields(t, user)
        let row = try await store.record(t, id: id, fields: fields + t.rowExtras, user: user, masterID: r.masterID)
        var o: JSONObject = ["row": .object(RowEncoder(site: site, table: t, user: user).encode(row, fields: fields))]
        if query["nav"] != "0" {
            let nav = try await store.navigation(t, id: id, r, user: user)
            o["navigation"] = .object([
                "first": nav.first.map(RowEncoder.wire) ?? .null, "prev": nav.prev.map(RowEncoder.wire) ?? .null,
                "next": nav.next.map(RowEncoder.wire) ?? .null, "last": nav.last.map(RowEncoder.wire) ?? .null,
                "index": .int(Int64(nav.index)), "total": .int(Int64(nav.total)),
            ])
        }
        return .object(o)
    }

    func body(_ json: JSON?, _ lang: String) throws -> JSONObject {
        guard let o = json?.objectValue else { throw LinoError.badRequest(site.t("Malformed JSON.", lang)) }
        return o
    }

    public func create(_ name: String, body json: JSON?, query: [String: String], user: UserContext) async throws -> JSON {
        let t = try store.table(name, for: user)
        let o = try body(json, user.language)
        guard let values = (o["values"] ?? json)?.objectValue else { throw LinoError.badRequest(site.t("Malformed JSON.", user.language)) }
        let r = try await rowsRequest(t, query, user: user)
        if o["check"] == .bool(true) {
            try await store.insert(t, values: values, masterID: r.masterID, user: user, checkOnly: true)
            return .object(["checked": true])
        }
        let id: Value
        do {
            id = try await store.insert(t, values: values, masterID: r.masterID, confirmed: o["confirmed"] == .bool(true), user: user)
        } catch let c as Confirmation {
            // Nothing created: the shell asks and posts again with "confirmed": true.
            return .object(["confirm": .string(c.question)])
        }
        let fields = detailFields(t, user)
        let row = try await store.record(t, id: id, fields: fields + t.rowExtras, user: user, masterID: r.masterID)
        return .object(["row": .object(RowEncoder(site: site, table: t, user: user).encode(row, fields: fields))])
    }

    public func update(_ name: String, id rawID: String, body json: JSON?, user: UserContext) async throws -> JSON {
        let t = try store.table(name, for: user)
        let id = try id(rawID, t, user.language)
        let o = try body(json, user.language)
        guard let values = o["values"]?.objectValue else { throw LinoError.badRequest(site.t("Malformed JSON.", user.language)) }
        if o["check"] == .bool(true) {
            try await store.update(t, id: id, version: o["version"]?.intValue, values: values, base: o["base"]?.objectValue, user: user, checkOnly: true)
            return .object(["checked": true])
        }
        let fields = detailFields(t, user)
        let enc = RowEncoder(site: site, table: t, user: user)
        do {
            try await store.update(t, id: id, version: o["version"]?.intValue, values: values, base: o["base"]?.objectValue, user: user)
        } catch LinoError.conflict(let message, _, let conflicts) {
            let current = try? await store.record(t, id: id, fields: fields + t.rowExtras, user: user)
            throw LinoError.conflict(message: message, current: current.map { enc.encode($0, fields: fields) }, conflicts: conflicts)
        }
        let row = try await store.record(t, id: id, fields: fields + t.rowExtras, user: user)
        return .object(["row": .object(enc.encode(row, fields: fields))])
    }

    public func delete(_ name: String, id rawID: String, user: UserContext) async throws -> JSON {
        let t = try store.table(name, for: user)
        try await store.delete(t, id: try id(rawID, t, user.language), user: user)
        return .object([:])
    }

    // MARK: - Choices

    public func choices(_ name: String, field: String, query: [String: String], user: UserContext) async throws -> JSON {
        let t = try store.table(name, for: user)
        var ctx: [String: Value] = [:]
        for (k, v) in query where k.hasPrefix("ctx.") && !v.isEmpty && !ControlCharacters.contains(v) { ctx[String(k.dropFirst(4))] = .text(v) }
        let limit = min(Self.maxLimit, max(1, Int(query["limit"] ?? "") ?? 20))
        let (rows, total) = try await store.choices(t, field: field, search: ControlCharacters.stripped(String((query["q"] ?? "").prefix(200))), context: ctx,
                                                    offset: max(0, Int(query["offset"] ?? "") ?? 0), limit: limit, user: user)
        return .object([
            "rows": .array(rows.map { c in
                var o: JSONObject = ["id": RowEncoder.wire(c.id), "text": .string(c.text)]
                if !c.fills.isEmpty {
                    var fills = JSONObject()
                    for (k, v) in c.fills.sorted(by: { $0.key < $1.key }) { fills[k] = v }
                    o["fills"] = .object(fills)
                }
                return .object(o)
            }),
            "total": .int(Int64(total)),
        ])
    }

    public func createChoice(_ name: String, field: String, body json: JSON?, user: UserContext) async throws -> JSON {
        let t = try store.table(name, for: user)
        let o = try body(json, user.language)
        guard let text = o["text"]?.stringValue else { throw LinoError.badRequest(site.t("Malformed JSON.", user.language)) }
        var ctx: [String: Value] = [:]
        for (k, v) in o["ctx"]?.objectValue?.pairs ?? [] {
            if let s = v.stringValue, !ControlCharacters.contains(s) { ctx[k] = .text(s) } else if let i = v.intValue { ctx[k] = .int(i) }
        }
        let created = try await store.createChoice(t, field: field, text: text, context: ctx, user: user)
        return .object(["id": RowEncoder.wire(created.id), "text": .string(created.text)])
    }

    /// A parameter as sent (of a table or of an action's dialog), parsed and held to
    /// its field's own rule (`Field.check`); the failure is translated.
    func parameter(_ field: Field, _ raw: JSON, _ lang: String) -> Result<Value, ParameterError> {
        switch ValueParser.parse(raw, field: field, languages: site.languages) {
        case .value(let v):
            if !v.isNull, let check = field.check, let message = check(v) { return .failure(ParameterError(message: site.t(message, lang))) }
            return .success(v)
        case .invalid(let m, let args): return .failure(ParameterError(message: site.t(m, lang, args)))
        }
    }

    /// A parameter's value that cannot be taken, translated.
    struct ParameterError: Error { let message: String }

    // MARK: - Actions

    /// The parameters of an action's or transition's dialog, each parsed and checked;
    /// one validation error names every bad field.
    func actionParams(_ fields: [Field], _ body: JSONObject, _ user: UserContext) throws -> [String: Value] {
        var params: [String: Value] = [:]
        var errors: [String: String] = [:]
        for p in fields {
            switch parameter(p, body["params"]?[p.name] ?? .null, user.language) {
            case .success(let v):
                if p.required && v.isBlank { errors[p.name] = site.t("This field is required.", user.language) }
                params[p.name] = p.foreignTarget != nil ? StorageEncoding.encode(v, site.models[p.foreignTarget!]?.primaryKeyType ?? .int) : v
            case .failure(let m): errors[p.name] = m.message
            }
        }
        if !errors.isEmpty { throw LinoError.validation(message: site.t("Please correct the marked fields.", user.language), fields: errors) }
        return params
    }

    public func action(_ name: String, action: String, body json: JSON?, user: UserContext) async throws -> JSON {
        let t = try store.table(name, for: user)
        let o = try body(json, user.language)
        let ids = try (o["ids"]?.arrayValue ?? []).map { j -> Value in
            guard let raw = j.stringValue ?? j.intValue.map(String.init), let id = store.parseID(raw, t) else {
                throw LinoError.badRequest(site.t("Malformed JSON.", user.language))
            }
            return id
        }
        let confirmed = o["confirmed"] == .bool(true)
        let result: ActionResult
        if action == "duplicate" {
            guard let id = ids.first else { throw LinoError.badRequest(site.t("Select a row first.", user.language)) }
            result = try await store.duplicate(t, id: id, confirmed: confirmed, user: user)
        } else if let wf = t.table.workflow, let tr = wf.transitions.first(where: { $0.name == action }) {
            guard let id = ids.first else { throw LinoError.badRequest(site.t("Select a row first.", user.language)) }
            let params = try actionParams(tr.params, o, user)
            result = try await store.transition(t, tr, workflow: wf, id: id, params: params, confirmed: confirmed, user: user)
        } else {
            guard let a = t.table.actions.first(where: { $0.name == action }) else {
                throw LinoError.notFound(site.t("No action named {name}.", user.language, ["name": action]))
            }
            guard Permissions.canRun(a, on: t, user) else { throw LinoError.forbidden(site.t("You may not run this action.", user.language)) }
            if a.selection != .none, ids.isEmpty { throw LinoError.badRequest(site.t("Select a row first.", user.language)) }
            if a.selection == .single, ids.count > 1 { throw LinoError.badRequest(site.t("Select only one row.", user.language)) }
            let params = try actionParams(a.params, o, user)
            var request = ActionRequest(site: site, table: t, user: user, ids: ids, params: params, store: store)
            request.confirmed = confirmed
            do {
                result = try await a.run(request)
            } catch let c as Confirmation {
                // A model's question met by the action's writes (`Writer.extend(confirmed:)`).
                result = ActionResult(confirm: c.question)
            }
        }
        var out = JSONObject()
        if let q = result.confirm { return .object(["confirm": .string(q)]) }
        if let m = result.message { out["message"] = .string(m) }
        if result.refresh { out["refresh"] = true }
        if let open = result.open { out["open"] = .object(["table": .string(open.table), "id": RowEncoder.wire(open.id)]) }
        if let url = result.url { out["url"] = .string(url) }
        return .object(out)
    }
}
