import Lino

/// The rules of clients that read or write other records: coaches shown with a
/// client, the eID card notice, the system note of a state change.
enum ClientRules {
    /// No card read, or one that expired: the card must be read (again).
    static func mustReadCard(_ r: RecordView) -> Bool {
        guard !r.string("card_number").isEmpty, let until = r["card_valid_until"].stringValue else { return true }
        return until < ISODates.today()
    }

    /// "Card no. 591413288107 (Belgian citizen), issued by Eupen, valid from 01.02.2020 until 01.02.2030".
    static func cardText(_ r: RecordView) -> String {
        let f = LanguageFormats.of(r.language)
        let type = r["card_type"].stringValue.flatMap { BeIDCardTypes.list.choice($0)?.text }.map { " (\(r.t($0)))" } ?? ""
        let issuer = r.string("card_issuer").isEmpty ? "" : ", " + r.t("issued by {issuer}", ["issuer": r.string("card_issuer")])
        return r.t("Card no. {number}", ["number": r.string("card_number")]) + type + issuer + ", "
            + r.t("valid from {from} until {until}", ["from": r["card_valid_from"].stringValue.map { f.format(isoDate: $0) } ?? "?",
                                                        "until": r["card_valid_until"].stringValue.map { f.format(isoDate: $0) } ?? "?"])
    }

    struct Coach { let name: String; let primary: Bool }

    /// Each client's coaches active today, primary first: one query for all clients
    /// (shared by the columns that show them).
    static func coaches(_ records: Records, _ clients: [Record]) throws -> [[Coach]] {
        try records.once("ClientRules.coaches") { try readCoaches(records, clients) }
    }

    private static func readCoaches(_ records: Records, _ clients: [Record]) throws -> [[Coach]] {
        let coachings = try records.rows("coachings.Coaching",
                                         where: [.oneOf("client", clients.map(\.id)), CoachingsPlugin.active(from: nil, until: nil)],
                                         order: "-primary start_date", fields: ["client", "user", "primary"], titles: ["user"])
        let byClient = coachings.grouped(by: "client")
        return clients.map { c in
            var seen = Set<String>()
            return (byClient[c.id] ?? []).compactMap { k in
                let name = k.title(of: "user") ?? ""
                guard seen.insert(name).inserted else { return nil }
                return Coach(name: name, primary: k.bool("primary"))
            }
        }
    }

    /// A change of state is noted in the client's history: "Alicia Allmanns marked
    /// AUSDEMWALD Alfons as refused.", with the reason and remark when there are some.
    static func noteStateChange(_ ctx: TransitionContext, to state: String, details: [String] = []) throws {
        guard let choice = ClientChoices.states.choice(state) else { return }
        let text = ctx.t("{user} marked {client} as {state}.", ["user": ctx.user.fullName, "client": ctx.title, "state": ctx.t(choice.text)])
        var values: Values = ["project": ctx.record.id, "subject": .text(String(text.prefix(200))), "important": .bool(false),
                              "language": .text(ctx.language), "user": .int(ctx.user.id)]
        let paragraphs = details.filter { !$0.isEmpty }
        if !paragraphs.isEmpty { values["body"] = .text(paragraphs.map { "<p>" + HTMLText.escape($0) + "</p>" }.joined()) }
        try ctx.writer.insert("notes.Note", values)
    }
}

/// Text put into rich-text HTML by the server (a system note's body).
enum HTMLText {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
