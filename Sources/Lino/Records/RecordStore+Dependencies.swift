/// Foreign keys that depend on other fields of the record (`Field.dependsOn`: the
/// place of an address depends on its country): the record must agree with the
/// target, and an empty dependency is taken from the target.
extension RecordStore {
    /// What is wrong with a foreign key's value: no such target, or a target that does
    /// not match the record's `dependsOn` values (a Belgian place on a German address).
    /// One look-up: the target's row when there are dependencies to compare, else its key.
    func referenceProblem(_ c: SQLConnection, _ model: ModelInfo, _ fi: FieldInfo, target: ModelInfo, id: Value,
                          _ values: Values, _ lang: String) throws -> String? {
        let missing = site.t("No such {model}.", lang, ["model": site.t(target.label, lang)])
        let deps = fi.field.dependsOn.filter { target.fieldsByName[$0] != nil && !(values[$0] ?? .null).isNull }
        guard !deps.isEmpty else {
            let key = target.chain.count == 1 ? c.dialect.quote(target.primaryKey) : "id"
            let found = try c.query("SELECT 1 FROM \(target.chain.last!.tableName) WHERE \(key) = ?", [id], types: [.int])
            return found.isEmpty ? missing : nil
        }
        guard let stored = try loadStored(c, target, id: id) else { return missing }
        for dep in deps where stored[dep] != values[dep] {
            let title = target.title(site.view(stored, lang))
            let depField = model.fieldsByName[dep]
            var other = values[dep]?.stringValue ?? ""
            if let depTarget = depField?.field.foreignTarget.flatMap({ site.models[$0] }), let v = values[dep],
               let row = try loadStored(c, depTarget, id: v) {
                other = depTarget.title(site.view(row, lang))
            }
            return site.t("“{title}” does not belong to {field} “{other}”.", lang,
                          ["title": title, "field": site.t(depField?.field.label ?? dep, lang), "other": other])
        }
        return nil
    }

    /// Fills an empty `dependsOn` field from the chosen target (a place without a
    /// country gets the place's country), before the checks of a save.
    func completeDependencies(_ c: SQLConnection, _ model: ModelInfo, _ values: inout Values) throws {
        for fi in model.fields where !fi.field.dependsOn.isEmpty {
            guard let v = values[fi.name], !v.isNull, let target = fi.field.foreignTarget.flatMap({ site.models[$0] }) else { continue }
            let empty = fi.field.dependsOn.filter { target.fieldsByName[$0] != nil && (values[$0] ?? .null).isNull }
            guard !empty.isEmpty, let stored = try loadStored(c, target, id: v) else { continue }
            for dep in empty { values[dep] = stored[dep] ?? .null }
        }
    }
}
