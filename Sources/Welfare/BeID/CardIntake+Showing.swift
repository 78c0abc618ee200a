import BeID
import Foundation
import Lino

/// What the confirmation dialog shows: the card's fields and the differences.
extension CardIntake {
    /// Field label and display text of a stored value, in the user's language.
    func shown(_ field: String, _ value: Value, cityTitle: String?, _ site: Site, _ lang: String) -> (label: String, text: String) {
        let person = site.models["contacts.Person"]!
        guard let f = person.fieldsByName[field]?.field else { return (field, value.stringValue ?? "") }
        let label = site.t(f.label, lang)
        if value.isNull { return (label, cityTitle ?? "") }
        switch f.kind {
        case .date: return (label, LanguageFormats.of(lang).format(isoDate: value.stringValue ?? ""))
        case .choice(let list): return (label, value.stringValue.flatMap { list.choice($0) }.map { site.t($0.text, lang) } ?? "")
        case .foreignKey: return (label, cityTitle ?? value.stringValue ?? "\(value.intValue ?? 0)")
        default: return (label, value.stringValue ?? "")
        }
    }

    func display(_ card: Card, _ site: Site, _ lang: String) -> [JSON] {
        Self.fields.compactMap { f in
            let v = card.values[f] ?? .null
            let title: String? = f == "city" ? (card.newPlace ?? card.verified.address.municipality)
                : f == "country" ? site.t("Belgium", lang) : nil
            let (label, text) = shown(f, v, cityTitle: title, site, lang)
            return text.isEmpty ? nil : .object(["name": .string(f), "label": .string(label), "value": .string(text)])
        }
    }

    struct Difference { let field, label, old, new: String }

    func differences(_ card: Card, _ row: FetchedRow, _ site: Site, _ lang: String) -> [Difference] {
        var out: [Difference] = []
        for f in Self.fields {
            let new = card.values[f] ?? .null
            let old = row.values[f] ?? .null
            if f == "city" {
                // Places compare by what the user reads: a place still to be created has no id yet.
                let oldText = row.foreignTitles["city"] ?? ""
                let newText = card.newPlace ?? card.verified.address.municipality
                if (card.newPlace != nil || new != old) && oldText != newText {
                    out.append(Difference(field: f, label: shown(f, .null, cityTitle: nil, site, lang).label, old: oldText, new: newText))
                }
                continue
            }
            guard new != old else { continue }
            let a = shown(f, old, cityTitle: row.foreignTitles[f], site, lang)
            let b = shown(f, new, cityTitle: f == "country" ? site.t("Belgium", lang) : nil, site, lang)
            if a.text != b.text { out.append(Difference(field: f, label: a.label, old: a.text, new: b.text)) }
        }
        if row.values["photo"] != .blob(card.verified.photo) {
            out.append(Difference(field: "photo", label: site.t("Photo", lang), old: "", new: site.t("Photo on the card", lang)))
        }
        return out
    }
}
