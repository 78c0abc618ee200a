import Lino

/// "Make a client" on a person (Lino's multi-table child): the person becomes a
/// client under the same partner id, as a newcomer, with the client's defaults,
/// phonetic keys and search entry. Their notes, addresses and household stay theirs.
/// Similar clients (same phonetic name, national register number or birth date) are
/// named first and the user confirms, as when a client is created.
enum MakeClient {
    static let action = TableAction("make_client", label: "Make a client", roles: ClientTables.editors) { r in
        let lang = r.user.language
        guard let id = r.ids.first else { throw LinoError.badRequest(r.site.t("Select a row first.", lang)) }
        let made = try await r.store.write(as: .user(r.user)) { w -> (title: String, new: Bool) in
            guard let person = try w.record("contacts.Person", id: id) else { throw LinoError.notFound(w.site.t("No such record.", w.language)) }
            let title = person.title(w.language, site: w.site)
            if try w.record("pcsw.Client", id: id) != nil { return (title, false) }
            try w.extend("pcsw.Client", id: id, [:], via: "pcsw.Clients", confirmed: r.confirmed)
            return (title, true)
        }
        let message = made.new ? r.site.t("{name} is now a client.", lang, ["name": made.title])
                               : r.site.t("{name} is already a client.", lang, ["name": made.title])
        return ActionResult(message: message, refresh: true, open: ("pcsw.Clients", id))
    }
}
