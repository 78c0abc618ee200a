/// "Learning" foreign keys: a combo may name a target that does not exist yet
/// (`{"create": "Alicialand"}` for a new place). The target is created in the same
/// transaction as the record that names it, so a cancelled form or a refused save
/// leaves nothing behind.
extension RecordStore {
    /// Checks a `{"create": text}` value of a foreign key: the field learns, the user
    /// may insert into the target's table, and the text fits the target's title field.
    /// - Returns: the trimmed text, or an error message for the field.
    func learnedText(_ raw: JSON, _ fi: FieldInfo, _ t: TableInfo, _ user: UserContext) -> Result<String, LearningRefusal>? {
        guard case .object(let o) = raw, o.count == 1, let created = o["create"] else { return nil }
        let lang = user.language
        guard fi.field.learning, let target = fi.field.foreignTarget.flatMap({ site.models[$0] }),
              let targetTable = site.defaultTable(for: target.name), Permissions.canInsert(targetTable, user),
              let titleField = target.titleFields.first.flatMap({ target.fieldsByName[$0] }) else {
            return .failure(LearningRefusal(message: site.t("You may not create a new {model} here.", lang,
                                                            ["model": site.t(site.models[fi.field.foreignTarget ?? ""]?.label ?? "record", lang)])))
        }
        switch ValueParser.parse(created, field: titleField.field, languages: site.languages) {
        case .value(let v):
            guard let text = v.stringValue, !text.isEmpty else {
                return .failure(LearningRefusal(message: site.t("This field is required.", lang)))
            }
            return .success(text)
        case .invalid(let m, let args):
            return .failure(LearningRefusal(message: site.t(m, lang, args)))
        }
    }

    /// Creates the targets named by text, inside the caller's transaction, and puts
    /// their ids into `values`. A new target takes the record's `dependsOn` values
    /// (the country of a new place) and what the record holds in the fields the
    /// foreign key `fills` (its zip code); its title is set in every language.
    /// - Returns: the errors of targets that could not be created, by the record's
    ///   fields (a missing country of a new place is the record's `country`), for
    ///   the record's checks to report with its own errors in one answer.
    func createLearnedTargets(_ w: Writer, _ model: ModelInfo, _ values: inout Values,
                              _ creates: [String: String]) throws -> [String: String] {
        let lang = w.language
        var errors: [String: String] = [:]
        for (field, text) in creates.sorted(by: { $0.key < $1.key }) {
            guard let fi = model.fieldsByName[field], let target = fi.field.foreignTarget.flatMap({ site.models[$0] }),
                  let titleField = target.titleFields.first.flatMap({ target.fieldsByName[$0] }) else { continue }
            var targetValues = Values()
            for col in titleField.valueColumns { targetValues[col.name] = .text(text) }
            for dep in fi.field.dependsOn where target.fieldsByName[dep] != nil {
                if let v = values[dep], !v.isNull { targetValues[dep] = v }
            }
            for (own, targetField) in fi.field.fills where target.fieldsByName[targetField] != nil {
                if let v = values[own], !v.isBlank, targetValues[targetField] == nil { targetValues[targetField] = v }
            }
            do {
                // An insert into the target's table, with its checks (contacts staff only for places).
                values[field] = try w.insert(target.name, targetValues)
            } catch LinoError.validation(_, let fields) {
                var reasons: [String] = []
                for (name, message) in fields.sorted(by: { $0.key < $1.key }) {
                    // The record's own field the target took this value from carries the message.
                    if fi.field.dependsOn.contains(name), model.fieldsByName[name] != nil {
                        errors[name] = message
                    } else {
                        reasons.append("\(site.t(target.fieldsByName[name]?.field.label ?? name, lang)): \(message)")
                    }
                }
                let reason = reasons.isEmpty ? fields.keys.sorted().compactMap { n in
                    model.fieldsByName[n].map { site.t($0.field.label, lang) }
                }.joined(separator: ", ") : reasons.joined(separator: "; ")
                errors[field] = site.t("The new {model} cannot be created: {reason}", lang,
                                       ["model": site.t(target.label, lang), "reason": reason])
                values[field] = .null
            }
        }
        return errors
    }
}

/// Why a `{"create": text}` value was refused (the message names no field: the caller does).
struct LearningRefusal: Error {
    let message: String
}
