import Lino

/// The demo note types and event types, and the history of the coached clients:
/// a first meeting and follow-ups written by their primary coach, some important.
enum NotesDemo {
    static let step = DataStep("notes") { ctx in
        guard ctx.count("pcsw.Client") > 0 else { return }
        try await ctx.store.write(as: .system(reason: "demo data: notes")) { w in
            var eventTypes: [Value] = []
            for t in [ctx.texts("File note", fr: "Note de dossier", de: "Aktennotiz", nl: "Dossiernota"),
                      ctx.texts("Letter", fr: "Lettre", de: "Brief", nl: "Brief"), ctx.texts("E-mail", fr: "Courriel", de: "E-Mail", nl: "E-mail"),
                      ctx.texts("Home visit", fr: "Visite à domicile", de: "Hausbesuch", nl: "Huisbezoek"),
                      ctx.texts("Internal meeting", fr: "Réunion interne", de: "Interne Besprechung", nl: "Interne vergadering"),
                      ctx.texts("Phone call", fr: "Appel téléphonique", de: "Telefonanruf", nl: "Telefoongesprek")] {
                eventTypes.append(try w.insert("notes.EventType", ctx.babel(t)))
            }
            let firstMeeting = try w.insert("notes.NoteType", ctx.babel(ctx.texts("First meeting", fr: "Premier entretien", de: "Erstgespräch", nl: "Eerste gesprek")))
            let followUp = try w.insert("notes.NoteType", ctx.babel(ctx.texts("Follow-up", fr: "Suivi", de: "Begleitung", nl: "Opvolging")))
            let clients = try w.rows("pcsw.Client", order: "id", limit: ClientsDemo.withHistory(ctx), fields: ["client_state", "language"])
            let primaries = try CoachingsDemo.primaries(w, clients)
            for (i, c) in clients.enumerated() where c.string("client_state") == "30" {
                guard let primary = primaries[c.id], let start = primary["start_date"].stringValue else { continue }
                let lang = c.string("language")
                for n in 0..<(2 + i % 3) {
                    let subject = subject(n, lang)
                    try w.insert("notes.Note", ["project": c.id, "user": primary["user"], "date": DemoResources.day(10 + n * 25, from: start),
                                                "time": .text("10:\(10 + n * 5)"),
                                                "type": n == 0 ? firstMeeting : followUp, "event_type": eventTypes[(i + n) % eventTypes.count],
                                                "subject": .text(subject), "body": .text("<p>\(subject)</p>"), "important": .bool(n == 1 && i % 5 == 1),
                                                "language": c["language"]])
                }
            }
        }
    }

    static func subject(_ n: Int, _ lang: String) -> String {
        let subjects: [String: [String]] = [
            "fr": ["Premier entretien", "Documents apportés", "Suivi de la recherche d'emploi", "Visite à domicile"],
            "de": ["Erstgespräch", "Unterlagen gebracht", "Begleitung der Arbeitssuche", "Hausbesuch"],
            "nl": ["Eerste gesprek", "Documenten gebracht", "Opvolging van het zoeken naar werk", "Huisbezoek"],
        ]
        let list = subjects[lang] ?? ["First meeting", "Documents brought", "Job search follow-up", "Home visit"]
        return list[n % list.count]
    }
}
