/// Checks a site beyond what start-up validation refuses: tables nobody can
/// open, and labels without a translation.
public struct SiteCheck {
    public let site: Site

    public init(site: Site) { self.site = site }

    public struct Report {
        public var lines: [String] = []
        public var problems = 0
    }

    /// Every English text of the declarations that users see.
    public var messageIDs: Set<String> {
        var ids = Set<String>()
        for m in site.models.values {
            ids.insert(m.model.label); ids.insert(m.model.pluralLabel)
            for f in m.fields {
                ids.insert(f.field.label)
                if let h = f.field.help { ids.insert(h) }
                if let list = f.field.choiceList { for c in list.choices { ids.insert(c.text) } }
            }
            for v in m.virtuals.values { ids.insert(v.field.label) }
            for v in m.computed.values { ids.insert(v.field.label) }
        }
        for item in site.dashboard { if let label = item.label { ids.insert(label) } }
        for t in site.tables.values {
            ids.insert(t.table.label)
            for p in t.table.params {
                ids.insert(p.field.label)
                if let list = p.field.choiceList { for c in list.choices { ids.insert(c.text) } }
            }
            for a in t.table.actions { ids.insert(a.label) }
            for tr in t.table.workflow?.transitions ?? [] { ids.insert(tr.label) }
            for node in [t.detail, t.insert].compactMap({ $0 }) { collectLabels(node, into: &ids) }
        }
        for u in site.userTypes.values { ids.insert(u.text) }
        collectMenu(site.menu, into: &ids)
        return ids
    }

    private func collectLabels(_ node: LayoutNode, into ids: inout Set<String>) {
        switch node {
        case .tabs(let c): for n in c { collectLabels(n, into: &ids) }
        case .panel(_, let label, let rows):
            if let label { ids.insert(label) }
            for r in rows { for n in r { collectLabels(n, into: &ids) } }
        default: break
        }
    }

    private func collectMenu(_ items: [MenuItem], into ids: inout Set<String>) {
        for i in items {
            switch i {
            case .menu(let l, let sub): ids.insert(l); collectMenu(sub, into: &ids)
            case .table(_, let l): if let l { ids.insert(l) }
            case .command(_, let l): ids.insert(l)
            case .separator: break
            }
        }
    }

    public func run() -> Report {
        var r = Report()
        for name in site.tableOrder {
            let t = site.tables[name]!
            if !site.userTypes.values.contains(where: { $0.has(t.table.viewRoles) }) {
                r.lines.append("table \(name): no user type may open it"); r.problems += 1
            }
        }
        let ids = messageIDs
        for lang in site.languages where lang != "en" {
            let missing = ids.filter { site.localizer.catalogue(lang)[$0] == nil }.sorted()
            for m in missing { r.lines.append("\(lang): no translation for \"\(m)\"") }
            r.problems += missing.count
        }
        for c in site.localizer.conflicts { r.lines.append("translations: " + c) }
        r.problems += site.localizer.conflicts.count
        return r
    }
}
