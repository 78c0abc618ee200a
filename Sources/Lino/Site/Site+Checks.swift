/// Start-up checks of the names declarations use, beyond layouts and columns:
/// a misspelt field in a rule, a default, a filter or a search index stops the
/// start with a message naming the declaration, instead of failing in a request.
extension Site {
    func checkNames() throws {
        for name in modelOrder {
            let m = models[name]!
            for f in m.model.ownFields {
                for dep in f.dependsOn + Array(f.fills.keys) where m.fieldsByName[dep] == nil {
                    throw SiteError("\(name).\(f.name) depends on or fills '\(dep)', which is not a field of \(name)")
                }
                if let target = f.foreignTarget, let tm = models[target] {
                    for t in f.fills.values where tm.fieldsByName[t] == nil {
                        throw SiteError("\(name).\(f.name) fills from '\(t)', which is not a field of \(target)")
                    }
                }
                switch f.defaultValue {
                case .fromTarget(let fk, let field)?:
                    guard let target = m.fieldsByName[fk]?.field.foreignTarget, models[target]?.fieldsByName[field] != nil else {
                        throw SiteError("\(name).\(f.name): default from '\(fk).\(field)', which does not exist")
                    }
                case .currentUserField(let field)?:
                    guard models["users.User"]?.fieldsByName[field] != nil else {
                        throw SiteError("\(name).\(f.name): default from the user's '\(field)', which users do not have")
                    }
                default: break
                }
            }
            for v in m.model.virtualFields { try need(v.needs, m, "virtual field \(v.field.name)") }
            for c in m.model.computedFields { try need(c.needs, m, "computed field \(c.field.name)") }
            try need(m.model.rowEditNeeds, m, "row rule")
            // The family's search index is one document for everybody: a field some
            // users may not see cannot be in it.
            if let index = m.searchIndex {
                for f in index.fields where m.fieldsByName[f].map({ !$0.field.viewRoles.isEmpty }) == true {
                    throw SiteError("\(name): field '\(f)' has view roles and cannot be in the quick-search index")
                }
            }
        }
        for c in checkers {
            guard let m = models[c.model] else { throw SiteError("Data checker \(c.name) checks unknown model \(c.model)") }
            try need(c.fields ?? [], m, "data checker \(c.name)")
            guard models["checkdata.Problem"] != nil else { throw SiteError("Data checker \(c.name) needs the checkdata plugin") }
        }
        // Conditions built per user: probe them with each user type.
        for t in tableOrder.map({ tables[$0]! }) {
            var conditions = [t.table.filter].compactMap { $0 }
            for type in userTypes.values.sorted(by: { $0.value < $1.value }) {
                let probe = UserContext(id: 0, username: "", fullName: "", language: defaultLanguage, userType: type)
                if let c = t.table.rowFilter?(probe) { conditions.append(c) }
                var values: [String: Value] = [:]
                for p in t.table.params { values[p.field.name] = RecordStore.parameterDefault(p.field, probe) }
                for p in t.table.params {
                    let v = values[p.field.name] ?? .null
                    if !v.isNull, let c = p.apply(v, ParamContext(user: probe, values: values)) { conditions.append(c) }
                }
            }
            for c in conditions { try check(c, on: t.model, "Table \(t.name)") }
        }
    }

    private func need(_ fields: [String], _ m: ModelInfo, _ what: String) throws {
        for f in fields where !m.hasField(f) {
            throw SiteError("\(m.name): \(what) needs '\(f)', which is not a field of \(m.name)")
        }
    }

    private func check(_ c: Condition, on m: ModelInfo, _ context: String) throws {
        let names = c.fieldNames
        for f in names.own where m.fieldsByName[f] == nil && f != m.primaryKey && f != "id" {
            throw SiteError("\(context): a condition names '\(f)', which is not a stored field of \(m.name)")
        }
        for (model, f) in names.other {
            guard let other = models[model] else { throw SiteError("\(context): a condition names unknown model \(model)") }
            if other.fieldsByName[f] == nil && f != other.primaryKey && f != "id" {
                throw SiteError("\(context): a condition names '\(f)', which is not a stored field of \(model)")
            }
        }
    }
}
